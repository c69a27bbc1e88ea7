"""Checks Portunus's XGBoost models against Python's xgboost, independently of Swift.

    python xgb_interop.py train DATA.csv MODEL.json PREDICTIONS.txt
        trains a binary:logistic model on DATA.csv (label in the first column, features after;
        empty fields are missing), saves it as XGBoost JSON and writes its predictions on the
        same rows, one per line, with 9 significant digits.
    python xgb_interop.py score MODEL.json DATA.csv PREDICTIONS.txt
        loads a model saved elsewhere (by Portunus) and writes its predictions on DATA.csv.

Prints the xgboost version on stderr so that test logs show which release was checked.
"""
import sys

import numpy as np
import xgboost as xgb


def load(path):
    rows = np.genfromtxt(path, delimiter=",", dtype=np.float32, missing_values="", filling_values=np.nan)
    return rows[:, 1:], rows[:, 0]


def write(path, predictions):
    with open(path, "w") as handle:
        for value in predictions:
            handle.write(f"{float(value):.9g}\n")


def main(argv):
    print(f"xgboost {xgb.__version__}", file=sys.stderr)
    if argv[1] == "train":
        features, labels = load(argv[2])
        matrix = xgb.DMatrix(features, label=labels, missing=np.nan)
        params = {"objective": "binary:logistic", "max_depth": 4, "eta": 0.3, "nthread": 1,
                  "eval_metric": "auc", "base_score": 0.3}
        booster = xgb.train(params, matrix, num_boost_round=25)
        booster.save_model(argv[3])
        write(argv[4], booster.predict(matrix))
    elif argv[1] == "score":
        booster = xgb.Booster()
        booster.load_model(argv[2])
        features, _ = load(argv[3])
        write(argv[4], booster.predict(xgb.DMatrix(features, missing=np.nan)))
    else:
        raise SystemExit(f"unknown command {argv[1]}")


if __name__ == "__main__":
    main(sys.argv)
