#!/usr/bin/python3
"""Compares a tensor printed by printMemrefF32 with a reference .npy.

  compare_printed.py PRINTED.txt REFERENCE.npy [--rtol 1e-4] [--atol 1e-5]

Prints the largest absolute and relative differences and exits 1 if any
element is outside |a - b| <= atol + rtol * |b|.
"""
import argparse
import re
import sys

import numpy as np


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("printed")
    parser.add_argument("reference")
    parser.add_argument("--rtol", type=float, default=1e-4)
    parser.add_argument("--atol", type=float, default=1e-5)
    args = parser.parse_args()

    text = open(args.printed).read()
    data = text.split("data =", 1)
    if len(data) != 2:
        sys.exit("compare_printed: no printMemref output found")
    number = r"[-+]?(?:nan|inf|\d+\.?\d*(?:e[-+]?\d+)?)"
    actual = np.array([float(v) for v in re.findall(number, data[1])], dtype=np.float64)
    expected = np.load(args.reference).astype(np.float64).reshape(-1)
    if actual.size != expected.size:
        sys.exit(f"compare_printed: {actual.size} printed values, {expected.size} expected")
    diff = np.abs(actual - expected)
    rel = diff / np.maximum(np.abs(expected), 1e-30)
    bad = int(np.count_nonzero(diff > args.atol + args.rtol * np.abs(expected)))
    print(f"max_abs_err={diff.max():.3e} max_rel_err={rel.max():.3e} elements={expected.size} "
          f"mismatches={bad} argmax_equal={int(np.argmax(actual) == np.argmax(expected))}")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
