#!/usr/bin/env python3
"""Checks Verdict's explanations against an independent LightGBM: for every holdout product, Python LightGBM
(pred_contrib=True, on the vector `verdict features` prints) gives TreeSHAP contributions; their sum for the
predicted class must equal Verdict's bias + sum of contributions, and each field's sum Verdict's per field.
Usage: bench/explain-check.py EXPLANATIONS.jsonl VECTORS.jsonl MODEL_DIR   (run by bench/explain.sh)"""
import json, sys
import lightgbm as lgb
import numpy as np

explained = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
vectors = np.array([[np.nan if v is None else v for v in json.loads(l)] for l in open(sys.argv[2])], dtype=float)
manifest = json.load(open(sys.argv[3] + "/manifest.json"))
booster = lgb.Booster(model_file=sys.argv[3] + "/model.txt")
contrib = booster.predict(vectors, pred_contrib=True)
raw = booster.predict(vectors, raw_score=True)
width = vectors.shape[1] + 1
labels = manifest["labels"]
# the same field blocks the pipeline reports: offsets from the feature spec, text fields + their token count
groups, at = {}, 0
for f in manifest["features"]["fields"]:
    w = f["buckets"] + 1 if f["type"] == "text" else (f["buckets"] if f["type"] == "categorical" else 1)
    groups[f["name"]] = (at, at + w); at += w
for c in manifest["features"].get("crosses", []):
    groups[c["name"]] = (at, at + c["buckets"]); at += c["buckets"]
worst_total = worst_field = 0.0
n = 0
for i, e in enumerate(explained):
    x = e.get("explanation", {})
    if "bias" not in x:
        continue
    k = labels.index(x["class"])
    block = contrib[i][k * width:(k + 1) * width]
    verdict_total = x["bias"] + sum(x["contributions"].values())
    worst_total = max(worst_total, abs(verdict_total - raw[i][k]), abs(block.sum() - raw[i][k]))
    worst_field = max(worst_field, abs(x["bias"] - block[-1]),
                      *(abs(x["contributions"][g] - block[a:b].sum()) for g, (a, b) in groups.items()))
    n += 1
print(f"lightgbm {lgb.__version__}: {n} explained holdout products; max |Verdict bias + sum - Python raw score| = "
      f"{worst_total:.3g}; max |field sum difference| = {worst_field:.3g}")
sys.exit(0 if worst_total <= 1e-6 and worst_field <= 1e-6 else 1)
