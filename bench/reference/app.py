"""The reference stack Verdict is compared with: FastAPI + uvicorn + LightGBM (Python), serving the same
model.txt with an equivalent feature step, written the way a user would write it.

    MODEL_DIR=models/product-classifier/1 uvicorn app:app --app-dir bench/reference --workers 1

The feature step follows the model's manifest exactly like Verdict's FeaturePipeline (MurmurHash3 x86-32,
same seed and bucket layout); bench/compare.sh checks both give the same probabilities before timing them.
"""
import json
import math
import os
import unicodedata

import lightgbm as lgb
import mmh3
import numpy as np
from fastapi import FastAPI, HTTPException

MODEL_DIR = os.environ.get("MODEL_DIR", "models/product-classifier/1")
manifest = json.load(open(os.path.join(MODEL_DIR, "manifest.json"), encoding="utf-8"))
spec = manifest["features"]
labels = manifest["labels"]
label_field = manifest["training"]["label"]
booster = lgb.Booster(model_file=os.path.join(MODEL_DIR, "model.txt"))
SEED = spec["seed"]

offsets, at = {}, 0
for f in spec["fields"]:
    offsets[f["name"]] = at
    at += f["buckets"] + 1 if f["type"] == "text" else f.get("buckets", 0) if f["type"] == "categorical" else 1
cross_offsets = {}
for c in spec["crosses"]:
    cross_offsets[c["name"]] = at
    at += c["buckets"]
N_FEATURES = at


def bucket(key, n):
    return mmh3.hash(key.encode("utf-8"), SEED, signed=True) % n


def tokens(text):
    norm = unicodedata.normalize("NFKC", text).lower()
    out, cur = [], []
    for ch in norm:
        if ch.isalnum():
            cur.append(ch)
        elif cur:
            out.append("".join(cur))
            cur = []
    if cur:
        out.append("".join(cur))
    return out[: spec["max_tokens"]]


def features(p):
    x = np.zeros(N_FEATURES)
    for f in spec["fields"]:
        v, o = p.get(f["name"]), offsets[f["name"]]
        if f["type"] == "text":
            toks = tokens(v or "")
            prev = None
            for t in toks:
                x[o + bucket("w:" + t, f["buckets"])] += 1
                if spec["prefix"] > 0 and len(t) > spec["prefix"]:
                    x[o + bucket("p:" + t[: spec["prefix"]], f["buckets"])] += 1
                if spec["ngrams"] >= 2 and prev is not None:
                    x[o + bucket("b:" + prev + " " + t, f["buckets"])] += 1
                prev = t
            x[o + f["buckets"]] = len(toks)
        elif f["type"] == "categorical":
            if v is not None:
                x[o + bucket(f["name"] + "=" + str(v).strip().lower(), f["buckets"])] += 1
        else:
            x[o] = float("nan") if v is None else (math.log1p(max(float(v), 0.0)) if f.get("transform") == "log1p" else float(v))
    for c in spec["crosses"]:
        cat, num = p.get(c["categorical"]), p.get(c["number"])
        if cat is not None and num is not None:
            rng = sum(1 for e in c["edges"] if float(num) >= e)
            x[cross_offsets[c["name"]] + bucket(c["name"] + "=" + str(cat).strip().lower() + "|" + str(rng), c["buckets"])] += 1
    return x


app = FastAPI()


@app.post("/predict")
def predict(product: dict):
    if not isinstance(product.get("title", ""), str) or (label_field == "category" and not product.get("title")):
        raise HTTPException(status_code=422, detail="title is required")
    proba = booster.predict(features(product).reshape(1, -1))[0]
    k = int(np.argmax(proba))
    return {label_field: labels[k], "prediction": labels[k],
            "probabilities": {labels[i]: float(proba[i]) for i in range(len(labels))},
            "confidence": float(proba[k]), "model": {"name": manifest["name"], "version": manifest["version"]}}
