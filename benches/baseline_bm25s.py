#!/usr/bin/env python3
"""A plain baseline a team could pick instead of motcua: bm25s over pyvi word
segmentation, on the same corpus files and the same evaluation questions,
printed beside motcua's own numbers from the same run (`motcua eval --json`).

    pip install bm25s pyvi
    python3 benches/baseline_bm25s.py                       # committed corpus
    python3 benches/baseline_bm25s.py --corpus corpus-national

Procedures (citizen questions, `gold` codes): top-1, top-3, MRR@10 over the
ranked procedures. Articles (official questions, `gold_articles`): recall@1,
recall@5, MRR@10. Latency: one query = segmentation + BM25 retrieval.
bm25s cannot abstain, so out-of-scope questions are not scored for it.
Not part of `cargo test` or CI.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import tomllib
import unicodedata
from pathlib import Path

import bm25s
from pyvi import ViTokenizer

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = re.compile(r"^#{1,6}\s*Điều\s+([0-9]+[a-zđ]?)\s*[.:]?\s*(.*)$", re.IGNORECASE)


def nfc(s):
    return unicodedata.normalize("NFC", s)


def tokenize(text):
    """pyvi segmentation, lowercased; multi-syllable words joined by `_`."""
    segmented = ViTokenizer.tokenize(nfc(text).lower())
    return [t for t in segmented.split() if any(c.isalnum() for c in t)]


def procedure_text(p):
    parts = [p.get("name", ""), " ".join(p.get("aliases", [])), p.get("field", "")]
    for item in p.get("checklist", []) or []:
        if isinstance(item, dict):
            parts.append(item.get("name", "") or item.get("text", ""))
    for step in p.get("steps", []) or []:
        if isinstance(step, dict):
            parts.append(step.get("text", ""))
    parts.extend(p.get("results", []) or [])
    return "\n".join(x for x in parts if isinstance(x, str))


def load_corpus(corpus):
    procedures = []
    for f in sorted((corpus / "procedures").glob("*.toml")):
        try:
            p = tomllib.loads(f.read_text(encoding="utf-8"))
        except Exception as e:  # a malformed file is left out, as motcua does
            print(f"skipped {f}: {e}", file=sys.stderr)
            continue
        procedures.append((p["code"], procedure_text(p)))
    articles = []
    for f in sorted((corpus / "documents").glob("*.md")):
        text = f.read_text(encoding="utf-8")
        m = re.search(r"^\+\+\+\n(.*?)\n\+\+\+\n", text, re.S)
        if not m:
            continue
        header = tomllib.loads(m.group(1))
        number, title = nfc(header["number"]), header.get("title", "")
        current, lines = None, []
        for line in text[m.end():].splitlines():
            a = ARTICLE.match(line.strip())
            if a:
                if current:
                    articles.append((number, current[0], f"{title}\n{current[1]}\n" + "\n".join(lines)))
                current, lines = (a.group(1), a.group(2)), []
            elif current:
                lines.append(line)
        if current:
            articles.append((number, current[0], f"{title}\n{current[1]}\n" + "\n".join(lines)))
    return procedures, articles


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(l) for l in f if l.strip()]


def pct(values, q):
    v = sorted(values)
    return v[min(len(v) - 1, max(0, int(len(v) * q + 0.999999) - 1))]


def build(texts):
    retriever = bm25s.BM25()
    retriever.index([tokenize(t) for t in texts], show_progress=False)
    return retriever


def ranked(retriever, query, k):
    tokens = tokenize(query)
    if not tokens:
        return []
    k = min(k, retriever.scores["num_docs"])
    docs, _ = retriever.retrieve([tokens], k=k, show_progress=False, n_threads=1)
    return list(docs[0])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default="corpus")
    ap.add_argument("--motcua", default=str(ROOT / "target/release/motcua"))
    args = ap.parse_args()
    corpus = (ROOT / args.corpus).resolve()

    t = time.perf_counter()
    procedures, articles = load_corpus(corpus)
    proc_index = build([text for _, text in procedures])
    art_index = build([text for _, _, text in articles])
    build_s = time.perf_counter() - t
    print(f"corpus {args.corpus}: {len(procedures)} procedures, {len(articles)} articles; "
          f"bm25s+pyvi load+index {build_s:.1f} s")

    latencies = []
    citizen = read_jsonl(ROOT / "tests/eval/citizen.jsonl")
    top1 = top3 = rr = 0.0
    for q in citizen:
        t = time.perf_counter()
        docs = ranked(proc_index, q["question"], 10)
        latencies.append(time.perf_counter() - t)
        codes = [procedures[i][0] for i in docs]
        gold = set(q["gold"])
        rank = next((i + 1 for i, c in enumerate(codes) if c in gold), None)
        top1 += rank == 1
        top3 += rank is not None and rank <= 3
        rr += 1 / rank if rank else 0
    n = len(citizen)
    base_routing = {"top1": top1 / n, "top3": top3 / n, "mrr10": rr / n}

    official = read_jsonl(ROOT / "tests/eval/official.jsonl")
    r1 = r5 = rr = 0.0
    for q in official:
        t = time.perf_counter()
        docs = ranked(art_index, q["question"], 10)
        latencies.append(time.perf_counter() - t)
        got = [(articles[i][0], articles[i][1]) for i in docs]
        gold = {(nfc(g["document_number"]), g["article"]) for g in q["gold_articles"]}
        rank = next((i + 1 for i, g in enumerate(got) if g in gold), None)
        r1 += rank == 1
        r5 += rank is not None and rank <= 5
        rr += 1 / rank if rank else 0
    m = len(official)
    base_articles = {"recall1": r1 / m, "recall5": r5 / m, "mrr10": rr / m}
    base_latency = {"p50_ms": 1000 * pct(latencies, 0.5), "p99_ms": 1000 * pct(latencies, 0.99)}

    # motcua on the same corpus and questions, in the same run.
    ours = None
    if Path(args.motcua).exists():
        with tempfile.TemporaryDirectory() as index:
            out = subprocess.run(
                [args.motcua, "eval", "--json", "--corpus", str(corpus), "--index", index],
                capture_output=True, text=True, cwd=ROOT, env={**os.environ, "RUST_LOG": "warn"})
            if out.returncode == 0:
                ours = {r["file"].split("/")[-1]: r for r in json.loads(out.stdout)}
            else:
                print(out.stderr[-2000:], file=sys.stderr)
    else:
        print(f"{args.motcua} not found: build it with `cargo build --release`", file=sys.stderr)

    def f(x):
        return "—" if x is None else f"{x:.3f}"

    print()
    print("| set | metric | bm25s + pyvi | motcua |")
    print("|---|---|---|---|")
    c = ours and ours["citizen.jsonl"]["motcua"]["all"]
    for k in ("top1", "top3", "mrr10"):
        print(f"| citizen ({n}) | {k} | {f(base_routing[k])} | {f(c and c[k])} |")
    o = ours and ours["official.jsonl"]["motcua"]["all"]
    for k in ("recall1", "recall5", "mrr10"):
        print(f"| official ({m}) | {k} | {f(base_articles[k])} | {f(o and o[k])} |")
    x = ours and ours["out_of_scope.jsonl"]["motcua"]["all"]
    print(f"| out of scope | abstained | — (cannot abstain) | {f(x and x['abstained'])} |")
    lat = ours and ours["citizen.jsonl"]["latency"]
    print(f"| latency per query | p50 ms | {base_latency['p50_ms']:.2f} | {f(lat and lat['p50_ms'])} (chat turn) |")
    print(f"| latency per query | p99 ms | {base_latency['p99_ms']:.2f} | {f(lat and lat['p99_ms'])} (chat turn) |")


if __name__ == "__main__":
    main()
