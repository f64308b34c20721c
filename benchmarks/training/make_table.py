#!/usr/bin/python3
"""Writes the many-head training benchmark's table: 103 standardised features and 14 binary labels, 2,417 rows
(so that a 0.6/0.2/0.2 split leaves 1,450 training rows, the size of the real 14-label table the issue measured).

Labels come from a few shared latent directions plus task-specific ones, thresholded at their median, so the tasks
are related (as multi-label tables are) but not copies. Deterministic for a seed; plain Python, no numpy.

    python3 benchmarks/training/make_table.py /tmp/many-heads/table.csv [--seed 1]
"""
import argparse
import math
import random


def main():
    p = argparse.ArgumentParser()
    p.add_argument("out")
    p.add_argument("--rows", type=int, default=2417)
    p.add_argument("--features", type=int, default=103)
    p.add_argument("--tasks", type=int, default=14)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    rng = random.Random(a.seed)
    shared = [[rng.gauss(0, 1) for _ in range(a.features)] for _ in range(3)]
    own = [[rng.gauss(0, 1) for _ in range(a.features)] for _ in range(a.tasks)]
    mix = [[rng.gauss(0, 1) for _ in range(3)] for _ in range(a.tasks)]
    rows = []
    scores = [[] for _ in range(a.tasks)]
    for _ in range(a.rows):
        x = [rng.gauss(0, 1) for _ in range(a.features)]
        z = [sum(w * v for w, v in zip(d, x)) / math.sqrt(a.features) for d in shared]
        row_scores = []
        for t in range(a.tasks):
            s = sum(m * zi for m, zi in zip(mix[t], z))
            s += 0.7 * sum(w * v for w, v in zip(own[t], x)) / math.sqrt(a.features)
            s += math.tanh(x[t % a.features] * x[(t + 1) % a.features]) + rng.gauss(0, 0.5)
            row_scores.append(s)
            scores[t].append(s)
        rows.append((x, row_scores))
    medians = [sorted(s)[len(s) // 2] for s in scores]
    with open(a.out, "w") as f:
        f.write(",".join([f"x{i}" for i in range(a.features)] + [f"label{t + 1}" for t in range(a.tasks)]) + "\n")
        for x, s in rows:
            labels = [str(int(s[t] > medians[t])) for t in range(a.tasks)]
            f.write(",".join([f"{v:.5f}" for v in x] + labels) + "\n")


if __name__ == "__main__":
    main()
