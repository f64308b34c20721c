#!/usr/bin/env python3
"""Runs the planted 6-task example once per search seed (the data seed stays the example's) and reports, per run:
the recommended grouping's adjusted Rand index against the planted groups, its verdict (Δm with its 95% interval
over fresh seeds) beside both references', the tasks flagged, and the wall time.

    mvn -B -q package -DskipTests
    python3 benchmarks/planted/five_searches.py --seeds 1,2,3,4,5 [--spec examples/search-synthetic-6tasks.yaml]

Each run gets its own database and work folder under --out, so nothing is reused between runs; the search seed sets
the sampler's seed and the trainings' (initialisation and batch order)."""
import argparse
import json
import re
import subprocess
import sys
import time
from math import comb
from pathlib import Path

PLANTED = [["t0", "t1", "t2"], ["t3", "t4", "t5"]]


def parse(text, i=0):
    """One node of the layout grammar (BLOCK '[' entry (',' entry)* ']') from text[i:]: (heads, children, next i)."""
    i = text.index("[", i) + 1
    heads, children = [], []
    while True:
        j = i
        while text[j] not in ",[]":
            j += 1
        if text[j] == "[":  # a sub-node: its block was text[i:j]
            child_heads, grandchildren, i = parse(text, i)
            children.append((child_heads, grandchildren))
        else:
            heads.append(text[i:j])
            i = j
        if text[i] == "]":
            return heads, children, i + 1
        i += 1  # the comma


def tasks_under(node):
    heads, children = node
    return heads + [t for c in children for t in tasks_under(c)]


def groups_of(layout):
    """The task groups of a layout: the tasks under each branch of the root; a head on the root is a group alone."""
    heads, children, _ = parse(layout)
    return [[h] for h in heads] + [tasks_under(c) for c in children]


def ari(a, b):
    label_a = {t: k for k, g in enumerate(a) for t in g}
    label_b = {t: k for k, g in enumerate(b) for t in g}
    tasks = sorted(label_a)
    n = len(tasks)
    table = {}
    for t in tasks:
        key = (label_a[t], label_b[t])
        table[key] = table.get(key, 0) + 1
    index = sum(comb(v, 2) for v in table.values())
    rows = sum(comb(sum(v for (i, _), v in table.items() if i == r), 2) for r in set(label_a.values()))
    cols = sum(comb(sum(v for (_, j), v in table.items() if j == c), 2) for c in set(label_b.values()))
    expected = rows * cols / comb(n, 2)
    maximum = (rows + cols) / 2
    return 1.0 if maximum == expected else (index - expected) / (maximum - expected)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--seeds", default="1,2,3,4,5")
    p.add_argument("--spec", default="examples/search-synthetic-6tasks.yaml")
    p.add_argument("--out", default="/tmp/branchwise-planted")
    p.add_argument("--jar", default="orchestrator/target/branchwise.jar")
    p.add_argument("--audit", action="store_true", help="train every pruned trial to the end (false-prune rate)")
    args = p.parse_args()
    base = Path(args.spec).read_text()
    rows = []
    for seed in [int(s) for s in args.seeds.split(",")]:
        run = Path(args.out) / f"seed{seed}"
        run.mkdir(parents=True, exist_ok=True)
        spec = base.replace("name: synthetic-6tasks", f"name: planted-search-seed{seed}")
        spec = spec.replace("  sampler: tpe", f"  sampler: {{type: tpe, seed: {seed}}}")
        spec = re.sub(r"training: \{", f"training: {{seed: {seed}, ", spec, count=1)
        if args.audit:
            spec = spec.replace("  pruner: negative-transfer", "  pruner: {type: negative-transfer, audit: true}")
        spec_file = run / "spec.yaml"
        spec_file.write_text(spec)
        # Relative data paths (none here) would resolve against the spec's folder.
        start = time.time()
        proc = subprocess.run(["java", "-jar", args.jar, "run", str(spec_file), "--db", str(run / "db"),
                               "--work", str(run / "work"), "--json", str(run / "result.json")],
                              capture_output=True, text=True)
        wall = time.time() - start
        (run / "stdout.txt").write_text(proc.stdout)
        if proc.returncode != 0:
            print(f"seed {seed}: exit {proc.returncode}\n{proc.stderr}", file=sys.stderr)
            continue
        result = json.loads((run / "result.json").read_text())
        rec = result["recommendation"]
        verdict = result.get("verdict") or {}
        finalists = {f["name"]: f for f in verdict.get("finalists", [])}
        chosen = finalists.get(verdict.get("chosen"), {})
        refs = {k: finalists.get(k, {}) for k in ("hard_sharing", "task_specific")}
        flagged = [t["task"] for t in chosen.get("tasks", []) if t.get("significant_loss")]
        low = chosen.get("delta_m_interval", [float("nan")])[0]
        above = all(low > r.get("delta_m_interval", [0, float("inf")])[1] for r in refs.values())
        audit = result.get("pruner_audit") or {}
        planted_pruned = [t["layout"] for t in audit.get("trials", []) if ari(PLANTED, groups_of(t["layout"])) == 1.0]
        rows.append((seed, rec["layout"], ari(PLANTED, groups_of(rec["layout"])), chosen, refs, flagged, above, wall,
                     audit, planted_pruned))

    print("| search seed | recommended layout | ARI | Δm [95%] (verdict) | hard sharing | task-specific | above both refs | flagged | wall |")
    print("|---|---|---|---|---|---|---|---|---|")
    fmt = lambda f: (f"{f['delta_m']:+.2f} [{f['delta_m_interval'][0]:+.2f}, {f['delta_m_interval'][1]:+.2f}]"
                     if f else "—")
    for seed, layout, score, chosen, refs, flagged, above, wall, audit, planted_pruned in rows:
        print(f"| {seed} | `{layout}` | {score:.2f} | {fmt(chosen)} | {fmt(refs['hard_sharing'])} | "
              f"{fmt(refs['task_specific'])} | {'yes' if above else 'no'} | {', '.join(flagged) or 'none'} | {wall:.0f} s |")
    if args.audit:
        print("\n| search seed | pruned | false prunes (full Δm within the verdict's noise of the best) | planted groupings pruned |")
        print("|---|---|---|---|")
        for seed, *_, audit, planted_pruned in rows:
            false = [f"#{t['trial_number']} {t['delta_m']:+.2f}" for t in audit.get("trials", []) if t["false_prune"]]
            print(f"| {seed} | {audit.get('audited', 0)} | {audit.get('false_prunes', 0)} {', '.join(false)} | "
                  f"{', '.join(planted_pruned) or 'none'} |")
        audited = sum(r[8].get("audited", 0) for r in rows)
        false = sum(r[8].get("false_prunes", 0) for r in rows)
        print(f"\nfalse-prune rate: {false} of {audited}" + (f" ({100 * false / audited:.0f}%)" if audited else ""))
    planted = sum(1 for r in rows if r[2] == 1.0)
    print(f"\nplanted grouping (ARI 1.0) in {planted} of {len(rows)}; above both references in "
          f"{sum(1 for r in rows if r[6])}; no task flagged in {sum(1 for r in rows if not r[5])}")


if __name__ == "__main__":
    main()
