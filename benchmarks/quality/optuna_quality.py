"""Runs Optuna's samplers on the quality problems and prints one JSON line per run.

Usage: /usr/bin/python3 benchmarks/quality/optuna_quality.py [--seeds 10] [--problems a,b] [--samplers tpe,cmaes]
Each line: {"side": "optuna", "problem", "sampler", "seed", "best" (single objective, minimised)
or "hypervolume" (multi-objective), "seconds"}.
"""
import argparse
import json
import os
import sys
import time
import warnings

import optuna

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from problems import PROBLEMS  # noqa: E402

SINGLE = {
    "random": lambda s: optuna.samplers.RandomSampler(seed=s),
    "tpe": lambda s: optuna.samplers.TPESampler(seed=s),
    "cmaes": lambda s: optuna.samplers.CmaEsSampler(seed=s),
}
MULTI = {
    "random": lambda s: optuna.samplers.RandomSampler(seed=s),
    "nsga2": lambda s: optuna.samplers.NSGAIISampler(seed=s),
    "tpe": lambda s: optuna.samplers.TPESampler(seed=s),
}


def hypervolume(points, ref):
    from optuna._hypervolume import WFG
    import numpy as np
    inside = [p for p in points if all(v < r for v, r in zip(p, ref))]
    if not inside:
        return 0.0
    return float(WFG().compute(np.asarray(inside, dtype=float), np.asarray(ref, dtype=float)))


def run(problem, sampler_name, seed):
    fn, bounds, n_obj, trials, ref = PROBLEMS[problem]
    factory = (SINGLE if n_obj == 1 else MULTI)[sampler_name]

    def objective(trial):
        x = [trial.suggest_float(f"x{i}", lo, hi) for i, (lo, hi) in enumerate(bounds)]
        return fn(x)

    study = optuna.create_study(sampler=factory(seed), directions=["minimize"] * n_obj)
    start = time.perf_counter()
    study.optimize(objective, n_trials=trials)
    seconds = time.perf_counter() - start
    line = {"side": "optuna", "problem": problem, "sampler": sampler_name, "seed": seed, "seconds": round(seconds, 3)}
    if n_obj == 1:
        line["best"] = study.best_value
    else:
        line["hypervolume"] = hypervolume([t.values for t in study.trials if t.values], ref)
    return line


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--problems", default=",".join(PROBLEMS))
    parser.add_argument("--samplers", default=None, help="default: every sampler that fits the problem")
    args = parser.parse_args()
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    warnings.simplefilter("ignore")
    for problem in args.problems.split(","):
        table = SINGLE if PROBLEMS[problem][2] == 1 else MULTI
        names = args.samplers.split(",") if args.samplers else list(table)
        for name in [n for n in names if n in table]:
            for seed in range(args.seeds):
                print(json.dumps(run(problem, name, seed)), flush=True)


if __name__ == "__main__":
    main()
