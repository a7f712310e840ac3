#!/usr/bin/env python3
"""Cross-check and speed peer of the retrieval lab's BM25.

Reads the bank's passages from `mllab-cli retrieve --retriever dense --top 100000` (the dense
list holds every passage, with its text), builds Okapi BM25 in plain Python (a dict inverted
index, Lucene's idf ln(1 + (N - n + 0.5)/(n + 0.5)), k1 1.2, b 0.75, the engine's tokenizer:
lower-cased runs of ASCII letters and digits), scores the 130 queries of
resources/datasets/retrieval-eval.json, and compares each query's scores with
`mllab-cli retrieve --retriever bm25` (relative difference) and its first passage; then times a
query in Python, with and without numpy for the accumulation.

Usage: /usr/bin/python3 bench/bench_retrieval.py [path/to/mllab-cli]
"""
import json
import math
import re
import subprocess
import sys
import time
from collections import Counter, defaultdict

import numpy as np

CLI = sys.argv[1] if len(sys.argv) > 1 else "build/engine/cli/mllab-cli"
TOKEN = re.compile(rb"[a-z0-9]+")


def tokens(text):
    return [t.decode() for t in TOKEN.findall(text.encode("utf-8").lower())]


def cli(*args):
    return json.loads(subprocess.run([CLI, "retrieve", *args], check=True,
                                     capture_output=True).stdout)


def main():
    passages = cli("--query", "model", "--retriever", "dense", "--top", "100000")["results"]
    # The dense list is in score order; index passages by their text (unique per passage).
    docs = [tokens(p["text"]) for p in passages]
    n_docs = len(docs)
    avgdl = sum(len(d) for d in docs) / n_docs
    k1, b = 1.2, 0.75
    postings = defaultdict(list)
    for i, d in enumerate(docs):
        for t, c in Counter(d).items():
            postings[t].append((i, c))
    norm = [k1 * (1 - b + b * len(d) / avgdl) for d in docs]
    post_np = {t: (np.array([i for i, _ in p]), np.array([c for _, c in p], float))
               for t, p in postings.items()}
    norm_np = np.array(norm)

    def idf(t):
        n = len(postings.get(t, ()))
        return math.log(1 + (n_docs - n + 0.5) / (n + 0.5))

    def score(query):
        s = defaultdict(float)
        for t in tokens(query):
            w = idf(t) * (k1 + 1)
            for i, c in postings.get(t, ()):
                s[i] += w * c / (c + norm[i])
        return s

    def score_np(query):
        s = np.zeros(n_docs)
        for t in tokens(query):
            if t in post_np:
                ids, tf = post_np[t]
                s[ids] += idf(t) * (k1 + 1) * tf / (tf + norm_np[ids])
        return s

    with open("resources/datasets/retrieval-eval.json", encoding="utf-8") as f:
        queries = [q["query"] for q in json.load(f)["queries"]]
    text_index = {p["text"]: i for i, p in enumerate(passages)}
    worst, same_first = 0.0, 0
    for q in queries:
        engine = cli("--query", q, "--retriever", "bm25", "--top", "100000")["results"]
        mine = score(q)
        for r in engine:
            i = text_index[r["text"]]
            worst = max(worst, abs(mine[i] - r["score"]) / max(abs(r["score"]), 1e-300))
        best = max(mine, key=lambda i: (mine[i], -i))
        same_first += text_index[engine[0]["text"]] == best
        assert len(engine) == sum(1 for v in mine.values() if v > 0)
    print(f"{len(queries)} queries over {n_docs} passages: largest relative BM25 difference "
          f"{worst:.2e}; same first passage for {same_first}/{len(queries)}")

    for name, fn in (("dict", score), ("numpy", score_np)):
        start = time.perf_counter()
        rounds = 20
        for _ in range(rounds):
            for q in queries:
                s = fn(q)
                if name == "dict":
                    sorted(s.items(), key=lambda kv: -kv[1])
                else:
                    np.argsort(-s, kind="stable")
        per = (time.perf_counter() - start) / (rounds * len(queries))
        print(f"Python BM25 ({name}): {per * 1e6:.0f} us per query (score + sort)")


if __name__ == "__main__":
    main()
