#!/usr/bin/env python3
"""Writes the benchmark bodies: the 278 holdout products without label and split, shuffled (the table is sorted
by title; live traffic is not). --batch N: one JSON array of the first N instead of one object per line.
Traffic where every request is a new product is made from these lines by bench/report.lua (DISTINCT=1)."""
import json, random, sys
rows = [json.loads(l) for l in open("data/products.jsonl", encoding="utf-8")]
hold = [{k: v for k, v in r.items() if k not in ("category", "split")} for r in rows if r["split"] == "holdout"]
if len(sys.argv) > 2 and sys.argv[1] == "--batch":
    print(json.dumps(hold[: int(sys.argv[2])]))
else:
    random.Random(7).shuffle(hold)
    for r in hold:
        print(json.dumps(r))
