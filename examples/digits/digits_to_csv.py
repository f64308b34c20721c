#!/usr/bin/env python3
"""Writes digits.csv for the CSV example from the 8x8 digits that Debian's python3-sklearn package ships.

The package's file has no header and only the digit; this adds a header and two derived targets, so the example
has three related tasks on one table: the digit (10 classes), its parity (even/odd) and whether it is >= 5.
Nothing is downloaded here: the .deb is fetched by apt at setup time (see the README).

    apt-get download python3-sklearn && dpkg -x python3-sklearn_*.deb sklearn-deb
    python3 examples/digits/digits_to_csv.py sklearn-deb examples/digits/digits.csv
"""
import csv
import gzip
import pathlib
import sys

SOURCE = "usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz"


def main(package_root: str, out: str) -> None:
    source = pathlib.Path(package_root) / SOURCE
    if not source.exists():
        sys.exit(f"{source} not found: unpack python3-sklearn first (dpkg -x python3-sklearn_*.deb {package_root})")
    rows = 0
    with gzip.open(source, "rt") as lines, open(out, "w", newline="") as target:
        writer = csv.writer(target)
        writer.writerow([f"p{i}" for i in range(64)] + ["digit", "parity", "ge5"])
        for line_number, row in enumerate(csv.reader(lines), start=1):
            if len(row) != 65:
                sys.exit(f"{source} line {line_number}: expected 65 fields, found {len(row)}")
            digit = int(float(row[64]))
            writer.writerow(row[:64] + [digit, "odd" if digit % 2 else "even", "yes" if digit >= 5 else "no"])
            rows += 1
    print(f"wrote {rows} rows to {out}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: digits_to_csv.py UNPACKED_PYTHON3_SKLEARN_DIR OUT.csv")
    main(sys.argv[1], sys.argv[2])
