#!/usr/bin/env python3
"""Skip-gram with negative sampling on the question bank: MLLab's libtorch trainer against gensim
4.2's Word2Vec (Debian's python3-gensim) with the same corpus and settings, one thread each.

The corpus is rebuilt here the way engine/text/embeddings.cpp's bankSentences() reads it (each
question's front-matter title, then each blank-line-separated paragraph of its body, as
lower-cased runs of ASCII letters and digits) and checked against the word count mllab-cli
reports. Both train dim 64, window 5, negatives 5, sample 1e-3, min_count 3, alpha 0.025 ->
min_alpha 1e-4; words/s is corpus words x epochs / training seconds, gensim's own measure.
The script also lists the neighbours of a few words in both, to show they agree in kind.

    python3 bench/embeddings_vs_gensim.py [--mllab-cli build/engine/cli/mllab-cli] [--epochs 30]
"""
import argparse
import glob
import json
import os
import re
import subprocess
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORD = re.compile(rb"[A-Za-z0-9]+")


def tokens(text):
    return [w.lower().decode() for w in WORD.findall(text)]


def bank_sentences():
    questions = []
    for path in glob.glob(os.path.join(ROOT, "content", "questions", "**", "*.md"), recursive=True):
        raw = open(path, "rb").read().split(b"\n")
        assert raw[0].strip() == b"---", path
        end = next(i for i in range(1, len(raw)) if raw[i].strip() == b"---")
        meta = {}
        for line in raw[1:end]:
            key, _, value = line.partition(b":")
            value = value.strip()
            if len(value) >= 2 and value[:1] in (b'"', b"'") and value[-1:] == value[:1]:
                value = value[1:-1]
            meta.setdefault(key.decode(), value)
        sentences = [tokens(meta.get("title", b""))]
        paragraph = []
        for line in raw[end + 1:]:
            if line.strip(b" \t\r") == b"":
                sentences.append(tokens(b"\n".join(paragraph)))
                paragraph = []
            else:
                paragraph.append(line)
        sentences.append(tokens(b"\n".join(paragraph)))
        questions.append((int(meta["number"]), [s for s in sentences if s]))
    questions.sort()
    return [s for _, q in questions for s in q]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mllab-cli", default=os.path.join(ROOT, "build", "engine", "cli", "mllab-cli"))
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", "1")

    sentences = bank_sentences()
    words = sum(len(s) for s in sentences)
    out = "/tmp/embeddings-bench.safetensors"
    start = time.perf_counter()
    run = subprocess.run([args.mllab_cli, "embeddings", "train", "--epochs", str(args.epochs),
                          "--seed", str(args.seed), "--out", out],
                         check=True, capture_output=True, text=True)
    wall = time.perf_counter() - start
    ours = json.loads(run.stdout)
    assert ours["corpus_words"] == words, (ours["corpus_words"], words)

    from gensim.models import Word2Vec
    import gensim
    model = Word2Vec(vector_size=64, window=5, negative=5, sample=1e-3, min_count=3, sg=1, hs=0,
                     alpha=0.025, min_alpha=1e-4, workers=1, seed=args.seed)
    model.build_vocab(sentences)
    start = time.perf_counter()
    model.train(sentences, total_examples=len(sentences), epochs=args.epochs)
    seconds = time.perf_counter() - start
    gensim_wps = words * args.epochs / seconds

    print(f"corpus: {len(sentences)} sentences, {words} words; vocabulary mllab {ours['words']}, "
          f"gensim {len(model.wv)}")
    print(f"mllab (libtorch, 1 thread): {ours['seconds']:.2f} s training ({wall:.2f} s with start-up), "
          f"{ours['words_per_second']:,.0f} words/s, loss per pair {ours['epoch_loss'][0]:.3f} -> "
          f"{ours['epoch_loss'][-1]:.3f}")
    print(f"gensim {gensim.__version__} (Cython, workers=1): {seconds:.2f} s, {gensim_wps:,.0f} words/s")
    print(f"ratio mllab / gensim words/s: {ours['words_per_second'] / gensim_wps:.3f}")
    for word in ["overfitting", "attention", "gradient", "lora", "tokenizer"]:
        mine = subprocess.run([args.mllab_cli, "embeddings", "neighbours", "--word", word,
                               "--vectors", out, "--top", "5"], check=True, capture_output=True,
                              text=True)
        theirs = [w for w, _ in model.wv.most_similar(word, topn=5)]
        print(f"{word:12s} mllab {[n['word'] for n in json.loads(mine.stdout)['neighbours']]}  "
              f"gensim {theirs}")


if __name__ == "__main__":
    main()
