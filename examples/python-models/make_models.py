#!/usr/bin/env python3
"""Makes the five small LightGBM models a data scientist would hand over, as Python LightGBM 4.x writes them,
and 50 rows each with Python's own predictions. Verdict must serve each from model.txt alone and match these
predictions (ImportedModelsTest). Fixed seeds and deterministic=True: rerunning gives the same files.

    pip install lightgbm scikit-learn pandas && python3 examples/python-models/make_models.py

Each model directory gets model.txt (booster.save_model) and rows.jsonl: per row the record as the client's
DataFrame names it (`record`), the positional vector in model order (`features`; categories as strings),
LightGBM's `predict` output (`output`) and raw score (`raw`).
"""
import json
import math
import os

import lightgbm as lgb
import numpy as np
import pandas as pd
from sklearn.datasets import load_breast_cancer, load_diabetes, load_iris

HERE = os.path.dirname(os.path.abspath(__file__))
PARAMS = {"seed": 7, "deterministic": True, "num_threads": 1, "verbose": -1, "num_leaves": 15,
          "min_data_in_leaf": 5}
ROUNDS = 40


def value(v):
    if isinstance(v, (float, np.floating)):
        return None if math.isnan(v) else float(v)
    if isinstance(v, (np.integer,)):
        return int(v)
    return v


def save(name, booster, frame, rows=None):
    out = os.path.join(HERE, name)
    os.makedirs(out, exist_ok=True)
    booster.save_model(os.path.join(out, "model.txt"))
    rows = frame.sample(n=50, random_state=0) if rows is None else rows
    raw = booster.predict(rows, raw_score=True)
    pred = booster.predict(rows)
    with open(os.path.join(out, "rows.jsonl"), "w") as f:
        for i in range(len(rows)):
            record = {c: value(rows.iloc[i][c]) for c in rows.columns}
            if "color" in record and record["color"] is None:
                record["color"] = "purple"  # the unseen category as the client sends it
            r = raw[i].tolist() if np.ndim(raw[i]) else [float(raw[i])]
            p = pred[i].tolist() if np.ndim(pred[i]) else [float(pred[i])]
            f.write(json.dumps({"record": record, "features": list(record.values()), "raw": r, "output": p}) + "\n")


def table(name, frame, target):
    """The training table as JSON lines, by the DataFrame's names, with its label in "target": the reference
    table `verdict import --reference` reads."""
    with open(os.path.join(HERE, name, "table.jsonl"), "w") as f:
        for i in range(len(frame)):
            row = {c: value(frame.iloc[i][c]) for c in frame.columns}
            row["target"] = value(target.iloc[i]) if hasattr(target, "iloc") else value(target[i])
            f.write(json.dumps(row) + "\n")


def mlflow_dir(name, source):
    """What mlflow.lightgbm.save_model writes for a Booster: MLmodel (YAML) naming model.lgb beside it."""
    out = os.path.join(HERE, name)
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(HERE, source, "model.txt")) as f, open(os.path.join(out, "model.lgb"), "w") as g:
        g.write(f.read())
    with open(os.path.join(out, "MLmodel"), "w") as f:
        f.write("flavors:\n  lightgbm:\n    code: null\n    data: model.lgb\n    lgb_version: %s\n"
                "    model_class: lightgbm.basic.Booster\n  python_function:\n    data: model.lgb\n"
                "    env:\n      conda: conda.yaml\n      virtualenv: python_env.yaml\n"
                "    loader_module: mlflow.lightgbm\n    python_version: 3.11.7\nmlflow_version: 2.17.0\n"
                % lgb.__version__)


def breast_cancer():
    """Binary, with sklearn's spaced column names ("mean radius"), which LightGBM stores as mean_radius."""
    data = load_breast_cancer(as_frame=True)
    x, y = data.data, data.target
    b = lgb.train({**PARAMS, "objective": "binary"}, lgb.Dataset(x, y), ROUNDS)
    save("breast-cancer", b, x)
    table("breast-cancer", x, y)


def diabetes():
    data = load_diabetes(as_frame=True)
    b = lgb.train({**PARAMS, "objective": "regression"}, lgb.Dataset(data.data, data.target), ROUNDS)
    save("diabetes", b, data.data)


def iris():
    data = load_iris(as_frame=True)
    b = lgb.train({**PARAMS, "objective": "multiclass", "num_class": 3}, lgb.Dataset(data.data, data.target), ROUNDS)
    save("iris", b, data.data)
    table("iris", data.data, data.target)


def pandas_categorical():
    """Binary on a DataFrame with pandas `category` columns: model.txt carries pandas_categorical."""
    rng = np.random.default_rng(11)
    n = 600
    color = rng.choice(["red", "green", "blue", "yellow"], n)
    size = rng.choice(["S", "M", "L"], n)
    weight = rng.normal(10, 3, n).round(3)
    logit = (color == "red") * 1.5 - (color == "blue") * 1.0 + (size == "L") * 0.8 + (weight - 10) * 0.3
    y = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)
    x = pd.DataFrame({"color": pd.Categorical(color), "size": pd.Categorical(size), "weight": weight})
    b = lgb.train({**PARAMS, "objective": "binary", "min_data_per_group": 5, "cat_smooth": 1},
                  lgb.Dataset(x, y), ROUNDS)
    # Two rows with a colour the model never saw: pandas codes it -1, which LightGBM reads as missing.
    rows = pd.concat([x.sample(n=48, random_state=0),
                      pd.DataFrame({"color": ["purple", "purple"], "size": ["S", "L"], "weight": [9.5, 11.0]})])
    rows["color"] = pd.Categorical(rows["color"].astype(str), categories=x["color"].cat.categories)
    rows["size"] = pd.Categorical(rows["size"].astype(str), categories=x["size"].cat.categories)
    save("pandas-categorical", b, x, rows)
    table("pandas-categorical", x.astype({"color": str, "size": str}), pd.Series(y))


def missing_values():
    """Regression trained with NaN in two columns: the splits learn where a missing value goes."""
    rng = np.random.default_rng(5)
    n = 500
    a = rng.normal(0, 1, n)
    b_ = rng.uniform(0, 10, n)
    c = rng.normal(5, 2, n)
    y = 3 * a + 0.5 * b_ - c + rng.normal(0, 0.3, n)
    a[rng.random(n) < 0.2] = np.nan
    c[rng.random(n) < 0.3] = np.nan
    y = np.where(np.isnan(a), y + 4, y)
    x = pd.DataFrame({"a": a.round(4), "b": b_.round(4), "c": c.round(4)})
    b = lgb.train({**PARAMS, "objective": "regression"}, lgb.Dataset(x, y), ROUNDS)
    save("missing-values", b, x)


if __name__ == "__main__":
    breast_cancer()
    diabetes()
    iris()
    pandas_categorical()
    missing_values()
    mlflow_dir("pandas-categorical-mlflow", "pandas-categorical")
    print("lightgbm", lgb.__version__)
