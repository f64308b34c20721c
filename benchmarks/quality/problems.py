"""The benchmark problems of the sampler quality comparison, written once for the Python side.

The Java side (io.branchwise.bench.quality.Problem) defines the same functions, domains and reference points;
compare.py checks that both sides agree on a fixed point before it compares anything.
"""
import math

BRANIN = dict(a=1.0, b=5.1 / (4 * math.pi ** 2), c=5 / math.pi, r=6.0, s=10.0, t=1 / (8 * math.pi))
H6_ALPHA = [1.0, 1.2, 3.0, 3.2]
H6_A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]]
H6_P = [[0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886], [0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991],
        [0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650], [0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381]]


def sphere(x):
    return sum(v * v for v in x)


def branin(x):
    p = BRANIN
    x1, x2 = x
    return p["a"] * (x2 - p["b"] * x1 ** 2 + p["c"] * x1 - p["r"]) ** 2 + p["s"] * (1 - p["t"]) * math.cos(x1) + p["s"]


def hartmann6(x):
    total = 0.0
    for i in range(4):
        inner = sum(H6_A[i][j] * (x[j] - H6_P[i][j]) ** 2 for j in range(6))
        total += H6_ALPHA[i] * math.exp(-inner)
    return -total


def rosenbrock(x):
    return sum(100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2 for i in range(len(x) - 1))


def zdt1(x):
    f1 = x[0]
    g = 1 + 9 * sum(x[1:]) / (len(x) - 1)
    return [f1, g * (1 - math.sqrt(f1 / g))]


def dtlz2(x, m=3):
    g = sum((v - 0.5) ** 2 for v in x[m - 1:])
    f = []
    for i in range(m):
        v = 1 + g
        for j in range(m - 1 - i):
            v *= math.cos(x[j] * math.pi / 2)
        if i > 0:
            v *= math.sin(x[m - 1 - i] * math.pi / 2)
        f.append(v)
    return f


# name -> (function, [(low, high)] per variable, number of objectives, trials, hypervolume reference or None)
PROBLEMS = {
    "sphere-5d": (sphere, [(-5.0, 5.0)] * 5, 1, 200, None),
    "branin": (branin, [(-5.0, 10.0), (0.0, 15.0)], 1, 200, None),
    "hartmann-6": (hartmann6, [(0.0, 1.0)] * 6, 1, 200, None),
    "rosenbrock-10d": (rosenbrock, [(-5.0, 10.0)] * 10, 1, 200, None),
    "zdt1": (zdt1, [(0.0, 1.0)] * 30, 2, 300, [1.1, 11.0]),
    "dtlz2-3obj": (dtlz2, [(0.0, 1.0)] * 12, 3, 300, [2.5, 2.5, 2.5]),
}

# Each problem evaluated at the middle of its box: both sides must print the same numbers.
def checkpoint():
    out = {}
    for name, (fn, bounds, _, _, _) in PROBLEMS.items():
        mid = [(lo + hi) / 2 + 0.1 * i / len(bounds) for i, (lo, hi) in enumerate(bounds)]
        v = fn(mid)
        out[name] = v if isinstance(v, list) else [v]
    return out
