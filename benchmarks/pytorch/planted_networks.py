#!/usr/bin/python3
"""PyTorch side of the planted example's networks (benchmarks/training/README.md, "The planted example's networks").

The trainings a planted search is made of, at the example's budget: 20,000 training rows of 100 features, 5,000
validation rows, batch 256, Adam (lr 1e-3), 10 epochs reshuffled every epoch, a validation pass after every epoch.
Single-task networks of the baseline search (1x64, 2x128, 4x128, ReLU, one regression head, MSE) and the
recommended trial's layout 2x128[1x128[t0,t1,t2],1x128[t3,t4,t5]] with uncertainty weighting (a learned
log-variance s per task: loss = sum of exp(-s) * MSE + s). Random data: only the time is compared.

Prints wall and CPU time of each training, median of --repeat runs.

    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 benchmarks/pytorch/planted_networks.py
"""
import argparse
import statistics
import time

import torch
from torch import nn


def mlp(inputs, depth, width):
    layers = []
    for _ in range(depth):
        layers += [nn.Linear(inputs, width), nn.ReLU()]
        inputs = width
    return nn.Sequential(*layers), inputs


class SingleTask(nn.Module):
    def __init__(self, depth, width):
        super().__init__()
        self.body, out = mlp(100, depth, width)
        self.head = nn.Linear(out, 1)

    def forward(self, x):
        return self.head(self.body(x))

    def loss(self, out, y):
        return ((out - y[:, :1]) ** 2).mean()


class PlantedTrial(nn.Module):
    def __init__(self):
        super().__init__()
        self.trunk, out = mlp(100, 2, 128)
        self.branches = nn.ModuleList([mlp(out, 1, 128)[0] for _ in range(2)])
        self.heads = nn.ModuleList([nn.Linear(128, 3) for _ in range(2)])
        self.log_var = nn.Parameter(torch.zeros(6))

    def forward(self, x):
        h = self.trunk(x)
        return torch.cat([head(branch(h)) for branch, head in zip(self.branches, self.heads)], dim=1)

    def loss(self, out, y):
        mse = ((out - y) ** 2).mean(dim=0)
        return (torch.exp(-self.log_var) * mse + self.log_var).sum()


def train(model, x, y, xv, epochs, batch):
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    start, cpu = time.perf_counter(), time.process_time()
    for _ in range(epochs):
        order = torch.randperm(x.shape[0])
        for b in range(0, x.shape[0], batch):
            idx = order[b:b + batch]
            loss = model.loss(model(x[idx]), y[idx])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
        with torch.no_grad():
            model(xv)
    return time.perf_counter() - start, time.process_time() - cpu


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--batch", type=int, default=256)
    p.add_argument("--repeat", type=int, default=3)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    x, y, xv = torch.randn(20_000, 100), torch.randn(20_000, 6), torch.randn(5_000, 100)
    for name, make in [("1x64[t0]", lambda: SingleTask(1, 64)), ("2x128[t0]", lambda: SingleTask(2, 128)),
                       ("4x128[t0]", lambda: SingleTask(4, 128)),
                       ("2x128[1x128[t0,t1,t2],1x128[t3,t4,t5]] uw", PlantedTrial)]:
        runs = [train(make(), x, y, xv, a.epochs, a.batch) for _ in range(a.repeat)]
        print(f"pytorch {torch.__version__} {name}: median wall {statistics.median(r[0] for r in runs):.3f} s, "
              f"CPU {statistics.median(r[1] for r in runs):.3f} s over {a.repeat} runs ({a.threads} thread(s))")


if __name__ == "__main__":
    main()
