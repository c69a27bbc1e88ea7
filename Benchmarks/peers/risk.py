"""The published and reference fraud-ranking peers on the KCS files, side by side with Portunus.

Same files, same split, same k (exactly floor(N*n/100), highest score first, ties by ascending
declaration id), same metrics, 5 seeds. Peers see the preprocessing of the dataset's own
notebooks (research note section 4.4): empty values as 0, categorical columns label-encoded in
order of first appearance in the training file (codes first seen later get new numbers), Date
and Declaration ID unused. Every peer is trained on the training file only, as Portunus is;
validation is used for nothing but Portunus's early stopping. Test labels are read once,
after every model has been trained.

    .venv/bin/python Benchmarks/peers/risk.py [--portunus .build/release/portunus] [--seeds 5]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

import lightgbm as lgb
import numpy as np
import xgboost as xgb
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

RATES = [1, 2, 5, 10]
CATEGORICAL = ["Office ID", "Process Type", "Import Type", "Import Use", "Payment Type", "Mode of Transport",
               "Declarant ID", "Importer ID", "Seller ID", "Courier ID", "HS6 Code", "Country of Departure",
               "Country of Origin", "Tax Rate", "Tax Type", "Country of Origin Indicator"]
NUMERIC = ["Net Mass", "Item Price"]


def read(path):
    import csv
    with open(path, newline="") as handle:
        return list(csv.DictReader(handle))


def encode(train, others):
    codes = {column: {} for column in CATEGORICAL}
    def row_features(row):
        values = []
        for column in CATEGORICAL:
            table = codes[column]
            value = row[column] or "0"
            if value not in table:
                table[value] = len(table)
            values.append(float(table[value]))
        return values
    def numeric(rows):
        return np.array([[float(row[c] or 0) for c in NUMERIC] for row in rows])
    train_cat = np.array([row_features(row) for row in train])
    other_cat = [np.array([row_features(row) for row in rows]) for rows in others]
    train_num = numeric(train)
    low, high = train_num.min(axis=0), train_num.max(axis=0)
    scale = lambda x: (x - low) / np.where(high > low, high - low, 1)
    train_x = np.hstack([train_cat, scale(train_num)])
    return train_x, [np.hstack([c, scale(numeric(rows))]) for c, rows in zip(other_cat, others)]


def metrics(scores, fraud, revenue, ids):
    n = len(scores)
    order = sorted(range(n), key=lambda i: (-scores[i], ids[i]))
    total_fraud = sum(fraud)
    total_revenue = sum(revenue)
    result = {"precision": {}, "recall": {}, "revenue": {}}
    for rate in RATES:
        k = n * rate // 100
        chosen = order[:k]
        hits = sum(fraud[i] for i in chosen)
        result["precision"][str(rate)] = hits / k if k else 0
        result["recall"][str(rate)] = hits / total_fraud if total_fraud else 0
        result["revenue"][str(rate)] = sum(revenue[i] for i in chosen) / total_revenue if total_revenue else 0
    positives = [s for s, f in zip(scores, fraud) if f]
    negatives = [s for s, f in zip(scores, fraud) if not f]
    ranks = {}
    for position, index in enumerate(sorted(range(n), key=lambda i: scores[i])):
        ranks.setdefault(scores[index], []).append(position + 1)
    rank_sum = sum(statistics.mean(ranks[s]) for s in positives)
    result["auc"] = (rank_sum - len(positives) * (len(positives) + 1) / 2) / (len(positives) * len(negatives))
    return result


def oversample(x, y, seed):
    rng = np.random.default_rng(seed)
    positives = np.flatnonzero(y == 1)
    negatives = np.flatnonzero(y == 0)
    extra = rng.choice(positives, size=len(negatives) - len(positives), replace=True)
    index = np.concatenate([np.arange(len(y)), extra])
    return x[index], y[index]


PEERS = {
    "XGBoost DATE setting (100 trees, depth 4, eta 0.1)": lambda x, y, s: xgb.XGBClassifier(
        n_estimators=100, max_depth=4, learning_rate=0.1, random_state=s, n_jobs=2).fit(x, y),
    "XGBoost library defaults": lambda x, y, s: xgb.XGBClassifier(random_state=s, n_jobs=2).fit(x, y),
    "XGBoost tuned + 1:1 oversampling (dataset notebook)": lambda x, y, s: xgb.XGBClassifier(
        n_estimators=424, max_depth=4, learning_rate=0.5994, colsample_bytree=0.6, gamma=1, min_child_weight=2,
        subsample=1.0, tree_method="exact", random_state=s, n_jobs=2).fit(*oversample(x, y, 11 + s)),
    "LightGBM defaults": lambda x, y, s: lgb.LGBMClassifier(random_state=s, n_jobs=2, verbose=-1).fit(x, y),
    "Random forest defaults": lambda x, y, s: RandomForestClassifier(random_state=s, n_jobs=2).fit(x, y),
    "Logistic regression defaults": lambda x, y, s: LogisticRegression(max_iter=1000, random_state=s).fit(
        StandardScaler().fit(x).transform(x), y),
}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default=os.path.join(os.environ.get("PORTUNUS_DATASETS", "../shared/data"), "customs-declarations"))
    parser.add_argument("--portunus", default=".build/release/portunus")
    parser.add_argument("--seeds", type=int, default=5)
    arguments = parser.parse_args()
    train = read(os.path.join(arguments.data, "df_syn_train_eng.csv"))
    test_rows = read(os.path.join(arguments.data, "df_syn_test_eng.csv"))
    train_x, (test_x,) = encode(train, [test_rows])
    train_y = np.array([int(r["Fraud"]) for r in train])

    models = {}
    for name, make in PEERS.items():
        started = time.time()
        models[name] = [make(train_x, train_y, seed) for seed in range(arguments.seeds)]
        print(f"trained {name} in {time.time() - started:.1f} s", file=sys.stderr)

    portunus = subprocess.run(
        [arguments.portunus, "risk", "evaluate", "--train", os.path.join(arguments.data, "df_syn_train_eng.csv"),
         "--valid", os.path.join(arguments.data, "df_syn_valid_eng.csv"), "--test", os.path.join(arguments.data, "df_syn_test_eng.csv"),
         "--format", "kcs", "--seeds", str(arguments.seeds), "--json"], check=True, capture_output=True, text=True)
    ours = json.loads(portunus.stdout)

    # Test labels, read once, after every model is trained.
    fraud = [int(r["Fraud"]) for r in test_rows]
    revenue = [f * float(r["Item Price"]) * float(r["Tax Rate"]) / 100 for f, r in zip(fraud, test_rows)]
    ids = [int(r["Declaration ID"]) for r in test_rows]
    rows = []
    for name, fitted in models.items():
        runs = []
        for model in fitted:
            features = test_x
            if isinstance(model, LogisticRegression):
                features = StandardScaler().fit(train_x).transform(test_x)
            runs.append(metrics(list(model.predict_proba(features)[:, 1]), fraud, revenue, ids))
        rows.append((name, runs))
    portunus_runs = [{"precision": s["precision_at"], "recall": s["recall_at"], "revenue": s["revenue_at"], "auc": s["auc"]} for s in ours["seeds"]]
    rows.append(("Portunus (leakage-free target encodings + XGBoost)", portunus_runs))

    def cell(runs, key, rate=None):
        values = [r[key][rate] if rate else r[key] for r in runs]
        mean = statistics.mean(values)
        sd = statistics.pstdev(values) if len(values) > 1 else 0
        return f"{mean:.3f} ± {sd:.3f}"

    print(f"\nKCS test file ({len(test_rows)} declarations), mean ± sd over {arguments.seeds} seeds; revenue = duty proxy (fraud × value × duty rate / 100)\n")
    header = ["model", "P@1", "P@2", "P@5", "P@10", "R@5", "R@10", "revenue proxy @10", "AUC"]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for name, runs in rows:
        cells = [cell(runs, "precision", r) for r in ["1", "2", "5", "10"]] + [cell(runs, "recall", "5"), cell(runs, "recall", "10"),
                                                                                  cell(runs, "revenue", "10"), cell(runs, "auc")]
        print("| " + " | ".join([name] + cells) + " |")


if __name__ == "__main__":
    main()
