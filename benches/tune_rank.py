#!/usr/bin/env python3
"""Tune the re-ranking constants offline, on features dumped by `motcua eval`.

    MOTCUA_EVAL_DUMP=/tmp/dev.jsonl cargo run --release -- eval
    MOTCUA_EVAL_DUMP=/tmp/lr.jsonl  cargo run --release -- eval tests/eval/legalrag.jsonl
    python3 benches/tune_rank.py /tmp/dev.jsonl /tmp/lr.jsonl [--grid]

Re-scores every dumped candidate the way `Assistant::candidates` and
`Assistant::route` do (src/assistant/chat.rs, src/assistant/rank.rs) and
prints, per dump file, top-1 / top-3 of in-scope questions, false
abstention, and out-of-scope abstention. First with the constants in the
code (which must reproduce the dumped choices: a check that this model of
the ranking is faithful), then — with `--grid` — for every combination of
a small grid, with the best few rows per objective. Follow-up turns (with a
session) are not re-scored: their routing is kept as dumped.

Choose on the development sets, then confirm once on a held-out set; never
tune on the held-out set.
"""

import itertools
import json
import sys

# The constants as they are in the code.
CURRENT = dict(
    search_weight=0.5,
    w_topic=0.5,
    w_name=0.3,
    w_pairs=0.2,
    unasked=0.55,
    missing=0.7,
    min_topic_covered=0.4,
    min_name_covered=0.3,
    min_matched_mass=3.0,
    strong_matched_mass=10.0,
    min_text_fit=0.4,
    advice_topic_covered=0.8,
)


def load(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def credible(c, p, english):
    # In English the topic is only what the glossary translated: its
    # coverage is no evidence (RankTuning::credible).
    return (
        c["topic_words"] >= 2
        and c["object_mass"] > 0
        and c["unasked"] == 0
        and c["field_factor"] == 1
        and (
            (c["topic_covered"] >= p["min_topic_covered"] and not english)
            or c["name_covered"] >= p["min_name_covered"]
            or c["matched_mass"] >= p["strong_matched_mass"]
        )
        and c["matched_mass"] >= p["min_matched_mass"]
        and c["text_fit"] >= p["min_text_fit"]
    )


def score(c, p):
    coverage = p["w_topic"] * c["topic_covered"] + p["w_name"] * c["name_covered"] + p["w_pairs"] * c["ordered_pairs"]
    variant = p["unasked"] ** c["unasked"] * p["missing"] ** c["missing"]
    return (p["search_weight"] * c["relevance"] + (1 - p["search_weight"]) * coverage) * variant * c["field_factor"]


def route(item, p):
    """(chosen code or None, ranked codes)."""
    if item["follow_up"]:
        return item["chosen"], [item["chosen"]] if item["chosen"] else []
    ranked = sorted(item["candidates"], key=lambda c: -score(c, p))  # stable, like sort_by
    if not ranked:
        return None, []
    top = ranked[0]
    ok = credible(top, p, item["english"]) and not (
        item["advice"] and (item["english"] or top["topic_covered"] < p["advice_topic_covered"])
    )
    return (top["code"] if ok else None), [c["code"] for c in ranked]


def measure(items, p):
    n = oos = top1 = top3 = abstained_in = abstained_oos = 0
    for item in items:
        chosen, ranked = route(item, p)
        if item["in_scope"]:
            n += 1
            gold = set(item["gold"])
            top1 += chosen in gold
            top3 += bool(gold & set(ranked[:3]))
            abstained_in += chosen is None
        else:
            oos += 1
            abstained_oos += chosen is None
    return dict(
        n=n,
        top1=top1 / n if n else None,
        top3=top3 / n if n else None,
        false_abstention=abstained_in / n if n else None,
        oos=oos,
        abstained=abstained_oos / oos if oos else None,
    )


def fmt(m):
    parts = []
    if m["n"]:
        parts.append(f"n={m['n']} top1={m['top1']:.3f} top3={m['top3']:.3f} fa={m['false_abstention']:.3f}")
    if m["oos"]:
        parts.append(f"oos={m['oos']} abstained={m['abstained']:.3f}")
    return " ".join(parts)


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    sets = {path: load(path) for path in args}
    # Faithfulness: the model must reproduce the dumped choices.
    for path, items in sets.items():
        same = sum(route(i, CURRENT)[0] == i["chosen"] for i in items if not i["follow_up"])
        total = sum(not i["follow_up"] for i in items)
        print(f"{path}: reproduces {same}/{total} dumped choices; current: {fmt(measure(items, CURRENT))}")
    if "--grid" not in sys.argv:
        return
    grid = dict(
        search_weight=[0.4, 0.5, 0.6],
        unasked=[0.45, 0.55, 0.65],
        missing=[0.5, 0.6, 0.7],
        w_name=[0.2, 0.3, 0.4],
        min_topic_covered=[0.4, 0.5],
        min_matched_mass=[3.0, 4.0],
        strong_matched_mass=[9.0, 10.0, 12.0],
        min_text_fit=[0.4, 0.5],
    )
    rows = []
    keys = list(grid)
    for values in itertools.product(*(grid[k] for k in keys)):
        p = dict(CURRENT, **dict(zip(keys, values)))
        p["w_pairs"] = 1 - p["w_topic"] - p["w_name"]
        if p["w_pairs"] < 0:
            continue
        rows.append((p, {path: measure(items, p) for path, items in sets.items()}))

    def objective(r):
        # Mean over files of (in-scope top-1, minus false abstention beyond
        # 0.03) plus out-of-scope abstention where a file has it.
        total = 0.0
        for m in r[1].values():
            if m["n"]:
                total += m["top1"] - 2 * max(0.0, m["false_abstention"] - 0.03)
            if m["oos"]:
                total += m["abstained"]
        return total

    rows.sort(key=lambda r: -objective(r))
    for p, ms in rows[:10]:
        print({k: p[k] for k in keys}, f"objective={objective((p, ms)):.3f}")
        for path, m in ms.items():
            print("   ", path, fmt(m))


if __name__ == "__main__":
    main()
