"""The scoring and ranking of crates/domain (docs/rules.md, "Scoring" and "Ranking"), done the way
an analyst would with pandas: the peer that `cargo xtask bench` measures the domain against.

Reads the CSV files the benchmark writes into DIR (criteria, levels, organisations, records),
computes each organisation's score in the official view (approved records): credit by kind,
not_applicable left out of the denominator, a missing record earning 0, score rounded half away
from zero to 2 decimals, compliance with the mandatory criteria, rank "min" on the rounded
score, order by score then name. Times the computation only (not the reading of the files),
RUNS times, and prints one JSON object: {"seconds": [...], "scores": {org: score}, "ranks":
{org: rank}, "compliant": {org: bool}, "order": [org, ...]}.

Usage: python3 pandas_scoring.py DIR [RUNS]
"""

import json
import sys
import time

import numpy as np
import pandas as pd

TOLERANCE = 1e-9


def load(folder):
    criteria = pd.read_csv(f"{folder}/criteria.csv")
    levels = pd.read_csv(f"{folder}/levels.csv", keep_default_na=False)
    organizations = pd.read_csv(f"{folder}/organizations.csv", keep_default_na=False)
    records = pd.read_csv(
        f"{folder}/records.csv",
        keep_default_na=False,
        dtype={"organization": str, "criterion": str, "outcome": str, "state": str, "value": str},
    )
    return criteria, levels, organizations, records


def rank(criteria, levels, organizations, records):
    counted = records[records["state"] == "approved"]
    rows = counted.merge(criteria, left_on="criterion", right_on="code", how="inner")
    rows = rows.merge(
        levels, left_on=["criterion", "outcome"], right_on=["criterion", "key"], how="left"
    )
    value = pd.to_numeric(rows["value"], errors="coerce")
    credit = np.select(
        [
            rows["outcome"] == "met",
            rows["outcome"] == "not_met",
            rows["kind"] == "ratio",
            rows["kind"] == "levels",
        ],
        [1.0, 0.0, np.minimum(value / rows["target"], 1.0), rows["credit"]],
        default=np.nan,
    )
    applicable = rows["outcome"] != "not_applicable"
    rows = rows.assign(
        earned=np.where(applicable, credit * rows["weight"], 0.0),
        left_out=np.where(applicable, 0.0, rows["weight"]),
        mandatory_met=applicable
        & rows["mandatory"]
        & (credit >= rows["pass_credit"] - TOLERANCE),
        mandatory_left_out=~applicable & rows["mandatory"],
    )
    per = rows.groupby("organization").agg(
        earned=("earned", "sum"),
        left_out=("left_out", "sum"),
        mandatory_met=("mandatory_met", "sum"),
        mandatory_left_out=("mandatory_left_out", "sum"),
    )
    per = per.reindex(organizations["id"], fill_value=0.0)
    total_weight = criteria["weight"].sum()
    mandatory = int(criteria["mandatory"].sum())
    denominator = total_weight - per["left_out"]
    raw = 100.0 * per["earned"] / denominator.where(denominator > 0)
    # Half away from zero, nudged by a few ulps as crates/domain does (numbers.rs), so that a
    # true half held as 66.66499999... still rounds up.
    scaled = raw * 100.0
    nudged = scaled + np.sign(scaled) * np.maximum(np.abs(scaled), 1.0) * 1e-12
    score = np.sign(nudged) * np.floor(np.abs(nudged) + 0.5) / 100.0
    compliant = (denominator > 0) & (per["mandatory_met"] == mandatory - per["mandatory_left_out"])
    table = pd.DataFrame(
        {
            "score": score,
            "compliant": compliant,
            "name": organizations.set_index("id")["name_vi"],
        }
    )
    table["rank"] = table["score"].rank(method="min", ascending=False)
    table = table.reset_index(names="id").sort_values(
        ["score", "name", "id"], ascending=[False, True, True], na_position="last"
    )
    return table


def main():
    folder = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    data = load(folder)
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        table = rank(*data)
        seconds.append(time.perf_counter() - started)
    print(
        json.dumps(
            {
                "seconds": seconds,
                "scores": {r.id: r.score for r in table.itertuples() if not np.isnan(r.score)},
                "ranks": {r.id: int(r.rank) for r in table.itertuples() if not np.isnan(r.rank)},
                "compliant": {r.id: bool(r.compliant) for r in table.itertuples()},
                "order": list(table["id"]),
                "pandas": pd.__version__,
            }
        )
    )


if __name__ == "__main__":
    main()
