#!/usr/bin/python3
"""PyTorch side of the many-head training benchmark (benchmarks/training/README.md).

The network of benchmarks/training/many-heads.yaml: a 103→64 ReLU trunk and 14 binary heads, per-task binary
cross-entropy summed with equal weights, Adam (lr 1e-3), batch 64, 20 epochs over the training split, reshuffled
every epoch, with a validation pass after every epoch (as Branchwise's trainer does, for best-epoch selection).
The split is the CSV's rows in file order, 60/20/20: close enough in size to Branchwise's shuffled split for a
timing. Two variants: 14 separate 64→1 heads with 14 losses, and the heads fused into one 64→14 layer.

Prints wall and CPU time of each variant's training (data loading excluded), median of --repeat runs.

    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 benchmarks/pytorch/many_heads.py /tmp/many-heads/table.csv
"""
import argparse
import csv
import statistics
import time

import torch
from torch import nn


def load(path):
    with open(path) as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    labels = [i for i, h in enumerate(header) if h.startswith("label")]
    features = [i for i in range(len(header)) if i not in labels]
    x = torch.tensor([[float(r[i]) for i in features] for r in body])
    y = torch.tensor([[float(r[i]) for i in labels] for r in body])
    n = len(body)
    train, val = int(n * 0.6), int(n * 0.8)
    return (x[:train], y[:train]), (x[train:val], y[train:val])


def run(train, val, fused, epochs, batch, seed):
    torch.manual_seed(seed)
    x, y = train
    tasks = y.shape[1]
    trunk = nn.Sequential(nn.Linear(x.shape[1], 64), nn.ReLU())
    if fused:
        heads = nn.Linear(64, tasks)
        params = list(trunk.parameters()) + list(heads.parameters())
    else:
        heads = nn.ModuleList([nn.Linear(64, 1) for _ in range(tasks)])
        params = list(trunk.parameters()) + list(heads.parameters())
    opt = torch.optim.Adam(params, lr=1e-3)
    bce = nn.BCEWithLogitsLoss()
    start, cpu_start = time.perf_counter(), time.process_time()
    for _ in range(epochs):
        order = torch.randperm(x.shape[0])
        for b in range(0, x.shape[0], batch):
            idx = order[b:b + batch]
            h = trunk(x[idx])
            if fused:
                # Mean over rows per task, summed over tasks: the same objective as 14 separate losses.
                loss = nn.functional.binary_cross_entropy_with_logits(heads(h), y[idx], reduction="none").mean(0).sum()
            else:
                loss = sum(bce(head(h), y[idx, t:t + 1]) for t, head in enumerate(heads))
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
        with torch.no_grad():
            hv = trunk(val[0])
            out = heads(hv) if fused else torch.cat([head(hv) for head in heads], dim=1)
            (torch.sigmoid(out) > 0.5).eq(val[1] > 0.5).float().mean(0)
    return time.perf_counter() - start, time.process_time() - cpu_start


def main():
    p = argparse.ArgumentParser()
    p.add_argument("table")
    p.add_argument("--epochs", type=int, default=20)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--threads", type=int, default=1)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    train, val = load(a.table)
    for fused in (False, True):
        run(train, val, fused, 1, a.batch, 0)  # warm-up
        times = [run(train, val, fused, a.epochs, a.batch, s) for s in range(a.repeat)]
        wall = statistics.median(t[0] for t in times)
        cpu = statistics.median(t[1] for t in times)
        print(f"pytorch {torch.__version__} {'fused 64x14 head' if fused else '14 separate heads'}: "
              f"{train[0].shape[0]} training rows, {a.epochs} epochs, batch {a.batch}, {a.threads} thread(s): "
              f"median wall {wall:.3f} s, CPU {cpu:.3f} s over {a.repeat} runs")


if __name__ == "__main__":
    main()
