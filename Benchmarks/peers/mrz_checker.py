"""MRZ parse-and-validate with the PyPI `mrz` package (0.6.2), on the zones of
`IdentityBenchmarks` (one zone per paragraph): the checker class of each format, its validity
(every check digit and the country codes) and its fields, as Portunus gives them.

    .venv/bin/python Benchmarks/peers/mrz_checker.py /tmp/portunus-mrz-bench/mrz.txt [--runs 3]
"""
import argparse
import time

from mrz.checker.mrva import MRVACodeChecker
from mrz.checker.mrvb import MRVBCodeChecker
from mrz.checker.td1 import TD1CodeChecker
from mrz.checker.td2 import TD2CodeChecker
from mrz.checker.td3 import TD3CodeChecker


def checker(lines):
    if len(lines) == 3:
        return TD1CodeChecker
    if len(lines[0]) == 36:
        return MRVBCodeChecker if lines[0][0] == "V" else TD2CodeChecker
    return MRVACodeChecker if lines[0][0] == "V" else TD3CodeChecker


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    zones = [block.split("\n") for block in open(args.file).read().strip().split("\n\n")]
    for _ in range(args.runs):
        start = time.perf_counter()
        valid = 0
        for lines in zones:
            result = checker(lines)("\n".join(lines))
            result.fields()
            if bool(result):
                valid += 1
        elapsed = time.perf_counter() - start
        print(f"mrz {len(zones)} zones in {elapsed:.3f} s: {len(zones) / elapsed:,.0f} zones/s, valid {valid}")


if __name__ == "__main__":
    main()
