#!/usr/bin/env python3
"""Does the planted grouping pay on the synthetic benchmark? Trains, for each seed, the six single-task baselines
and six layouts with the same budget -- hard sharing, the planted grouping and a wrong one (each with and without
a shared first layer), and fully task-specific -- through `branchwise train`, and prints each layout's delta-m
(mean per-task % RMSE improvement over the baselines, positive = better) per seed, their mean and standard
deviation, and the paired difference of the planted grouping against hard sharing and against the wrong grouping.
Each baseline starts from its own initialisation, derived from the seed and the task as the search derives it
(`TrialSpecs.initialisationSeed`), so the baselines' luck is not shared; task-specific, the baseline network once
per task, shows what training noise is left.

Run after `mvn -B -q package -DskipTests`:
    /usr/bin/python3 benchmarks/grouping/planted_layouts.py [--seeds 1,2,3] [--rows 20000] [--epochs 5] [--width 64]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

TASKS = [f"t{i}" for i in range(6)]
PLANTED = "[[t0, t1, t2], [t3, t4, t5]]"
WRONG = "[[t0, t3, t4], [t1, t2, t5]]"  # each wrong group mixes the planted ones 2:1 or 1:2


def layouts(width):
    block = f"{{depth: 1, width: {width}}}"
    deep = f"{{depth: 2, width: {width}}}"
    return {
        "hard": f"{{sharing: hard, trunk: {deep}}}",
        "planted": f"{{trunk: {block}, branch: {block}, groups: {PLANTED}}}",
        "wrong": f"{{trunk: {block}, branch: {block}, groups: {WRONG}}}",
        "planted-no-trunk": f"{{trunk: {{depth: 0, width: {width}}}, branch: {deep}, groups: {PLANTED}}}",
        "wrong-no-trunk": f"{{trunk: {{depth: 0, width: {width}}}, branch: {deep}, groups: {WRONG}}}",
        "task-specific": f"{{sharing: task-specific, branch: {deep}}}",
    }


def initialisation_seed(seed, task_index):
    """SplitMix64's finaliser on seed + golden-ratio step × (index + 1), as a signed 64-bit integer."""
    mask = (1 << 64) - 1
    z = (seed + 0x9E3779B97F4A7C15 * (task_index + 1)) & mask
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & mask
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & mask
    z ^= z >> 31
    return z - (1 << 64) if z >= 1 << 63 else z


def spec(args, seed, tasks, layout, training_seed=None):
    lines = [f"seed: {seed}", "data:", "  source: synthetic",
             f"  options: {{tasks: 6, groups: [3, 3], intra: 0.9, inter: 0.0, rows: {args.rows}}}", "tasks:"]
    lines += [f"  - {{name: {t}, type: regression, target: {t}}}" for t in tasks]
    lines += [f"layout: {layout}", "weighting: {method: ew}",
              f"training: {{epochs: {args.epochs}, batch_size: 256, learning_rate: {args.learning_rate}"
              + ("" if training_seed is None else f", seed: {training_seed}") + "}"]
    return "\n".join(lines) + "\n"


def train(args, work, name, text):
    path = os.path.join(work, name + ".yaml")
    with open(path, "w") as f:
        f.write(text)
    out = os.path.join(work, name + ".json")
    done = subprocess.run(["java", "-jar", args.jar, "train", path, "--json", out, "--work",
                           os.path.join(work, name)], capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{name} failed (exit {done.returncode}):\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    with open(out) as f:
        validation = json.load(f)["validation"]
    return {t: validation[t]["rmse"] for t in validation}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", default="1,2,3")
    parser.add_argument("--rows", type=int, default=20000)
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--width", type=int, default=64)
    parser.add_argument("--learning-rate", type=float, default=0.001)
    parser.add_argument("--jar", default="orchestrator/target/branchwise.jar")
    args = parser.parse_args()
    seeds = [int(s) for s in args.seeds.split(",")]
    candidates = layouts(args.width)
    print(f"rows {args.rows}, epochs {args.epochs}, width {args.width}, learning rate {args.learning_rate};"
          " delta-m in % of the single-task RMSE (positive = better), per-task deltas in brackets", flush=True)
    results = {name: [] for name in candidates}
    with tempfile.TemporaryDirectory() as work:
        for seed in seeds:
            hard_stl = f"{{sharing: hard, trunk: {{depth: 2, width: {args.width}}}}}"
            stl = {t: train(args, work, f"s{seed}-stl-{t}",
                            spec(args, seed, [t], hard_stl, initialisation_seed(seed, i)))[t]
                   for i, t in enumerate(TASKS)}
            for name, layout in candidates.items():
                rmse = train(args, work, f"s{seed}-{name}", spec(args, seed, TASKS, layout))
                deltas = [(stl[t] - rmse[t]) / stl[t] * 100 for t in TASKS]
                results[name].append(statistics.mean(deltas))
                print(f"seed {seed}  {name:17s} {results[name][-1]:+6.2f}  ["
                      + " ".join(f"{d:+5.1f}" for d in deltas) + "]", flush=True)
    print("\nlayout             mean    sd   (over %d seeds)" % len(seeds))
    for name, values in results.items():
        sd = statistics.stdev(values) if len(values) > 1 else float("nan")
        print(f"{name:17s} {statistics.mean(values):+6.2f} {sd:5.2f}")
    for a, b in [("planted", "hard"), ("planted", "wrong"), ("planted-no-trunk", "hard"),
                 ("planted-no-trunk", "wrong-no-trunk")]:
        diffs = [x - y for x, y in zip(results[a], results[b])]
        sd = statistics.stdev(diffs) if len(diffs) > 1 else float("nan")
        print(f"{a} - {b}: {statistics.mean(diffs):+.2f} (sd {sd:.2f}; per seed "
              + ", ".join(f"{d:+.2f}" for d in diffs) + ")")


if __name__ == "__main__":
    main()
