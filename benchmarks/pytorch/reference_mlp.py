#!/usr/bin/python3
"""PyTorch side of the reference-MLP throughput comparison (see plugins/trainer-dl4j's ReferenceMlpBenchmark).

Same model, data shape and loop as the DL4J benchmark: a 32→256→256 ReLU trunk with a 10-class softmax head and a
regression head, loss = cross-entropy + MSE, Adam (lr 1e-3), batch 256, 20,000 generated rows reshuffled every epoch.
Prints training samples/s: one warm-up epoch, then the mean over the measured epochs; also samples per CPU-second of
the process, which other load on a shared machine disturbs much less than wall time (with one thread it is the wall
rate of a quiet machine; with two it is per core, not per wall second).

Run (STACK.md: without OPENBLAS_NUM_THREADS=1 PyTorch is 3-4x slower here):
    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 benchmarks/pytorch/reference_mlp.py [--threads 2] [--epochs 5]
"""
import argparse
import time

import torch
from torch import nn


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--epochs", type=int, default=5, help="measured epochs after one warm-up epoch")
    p.add_argument("--rows", type=int, default=20_000)
    p.add_argument("--batch", type=int, default=256)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)

    # Generated data: 10 classes from the arg-max of random projections, a smooth regression target.
    x = torch.randn(a.rows, 32)
    proj = torch.randn(32, 10)
    y_cls = (x @ proj).argmax(dim=1)
    y_reg = (torch.sin(x[:, 0]) + 0.5 * x[:, 1] * x[:, 2]).unsqueeze(1)

    trunk = nn.Sequential(nn.Linear(32, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU())
    cls_head = nn.Linear(256, 10)
    reg_head = nn.Linear(256, 1)
    params = list(trunk.parameters()) + list(cls_head.parameters()) + list(reg_head.parameters())
    opt = torch.optim.Adam(params, lr=1e-3)
    ce = nn.CrossEntropyLoss()
    mse = nn.MSELoss()

    rates = []
    cpu_rates = []
    for epoch in range(a.epochs + 1):
        start = time.perf_counter()
        cpu_start = time.process_time()
        order = torch.randperm(a.rows)
        for b in range(0, a.rows, a.batch):
            idx = order[b:b + a.batch]
            xb, cb, rb = x[idx], y_cls[idx], y_reg[idx]
            h = trunk(xb)
            loss = ce(cls_head(h), cb) + mse(reg_head(h), rb)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
        seconds = time.perf_counter() - start
        cpu_seconds = time.process_time() - cpu_start
        if epoch > 0:  # epoch 0 warms up
            rates.append(a.rows / seconds)
            cpu_rates.append(a.rows / cpu_seconds)
    mean = sum(rates) / len(rates)
    cpu_mean = sum(cpu_rates) / len(cpu_rates)
    print(f"pytorch {torch.__version__} reference MLP: {mean:,.0f} samples/s "
          f"(threads {a.threads}, batch {a.batch}, mean of {len(rates)} epochs after 1 warm-up; "
          f"per epoch: {', '.join(f'{r:,.0f}' for r in rates)}); "
          f"{cpu_mean:,.0f} samples per CPU-second of the process (robust to other load on the machine)")


if __name__ == "__main__":
    main()
