#!/usr/bin/python3
"""Corpus BLEU over 10,000 sentence pairs: NLTK's corpus_bleu against `mllab-cli text-metrics
--candidates-file ... --references-file ...`, same numbers (to 1e-12) and the time of each.

The pairs are made here, seeded: reference sentences are word windows (8 to 30 tokens) of the
question bank's text (content/questions), and each candidate is its first reference with words
dropped, replaced by another bank word or swapped with a neighbour; a second reference is an
independent perturbation of the first. NLTK is timed on pre-split tokens (its corpus_bleu only);
mllab-cli is timed as a whole process (start, reading the files, splitting, scoring, JSON), so
the ratio is conservative. Both wall and CPU time are reported (best of several runs): on a
shared, busy machine the wall time of a short process is mostly waiting for a core, and the CPU
time (process_time for NLTK, the child's user + system time for mllab-cli) is the fairer ratio.

    /usr/bin/python3 bench/text_metrics_corpus_bench.py [build/engine/cli/mllab-cli]
"""
import glob
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import warnings

from nltk.translate.bleu_score import SmoothingFunction, corpus_bleu

PAIRS = 10_000
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")


def bank_words():
    words = []
    for path in sorted(glob.glob(os.path.join(ROOT, "content", "questions", "**", "*.md"),
                                 recursive=True)):
        with open(path, encoding="utf-8") as f:
            words += f.read().split()
    return words


def perturb(rng, tokens, vocabulary):
    out = []
    for t in tokens:
        r = rng.random()
        if r < 0.1:
            continue  # dropped
        out.append(rng.choice(vocabulary) if r < 0.25 else t)
    for i in range(len(out) - 1):
        if rng.random() < 0.05:
            out[i], out[i + 1] = out[i + 1], out[i]
    return out or tokens[:1]


def make_pairs(rng):
    words = bank_words()
    candidates, refs1, refs2 = [], [], []
    for _ in range(PAIRS):
        length = rng.randint(8, 30)
        start = rng.randrange(0, len(words) - length)
        reference = words[start:start + length]
        candidates.append(perturb(rng, reference, words))
        refs1.append(reference)
        refs2.append(perturb(rng, reference, words))
    return candidates, refs1, refs2


def main():
    cli = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build", "engine", "cli",
                                                             "mllab-cli")
    warnings.simplefilter("ignore")
    candidates, refs1, refs2 = make_pairs(random.Random(2026))
    references = [[a, b] for a, b in zip(refs1, refs2)]
    folder = tempfile.mkdtemp(prefix="bleu-bench-")
    files = {}
    for name, rows in (("candidates", candidates), ("refs1", refs1), ("refs2", refs2)):
        files[name] = os.path.join(folder, name + ".txt")
        with open(files[name], "w", encoding="utf-8") as f:
            f.write("".join(" ".join(r) + "\n" for r in rows))
    print(f"{PAIRS} pairs, {sum(map(len, candidates))} candidate tokens, 2 references each")
    for method in (0, 1, 7):
        smoothing = getattr(SmoothingFunction(), f"method{method}")
        nltk_wall, nltk_cpu = [], []
        for _ in range(3):
            t0, c0 = time.perf_counter(), time.process_time()
            expected = corpus_bleu(references, candidates, smoothing_function=smoothing)
            nltk_wall.append(time.perf_counter() - t0)
            nltk_cpu.append(time.process_time() - c0)
        ours_wall, ours_cpu = [], []
        for _ in range(7):
            r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            run = subprocess.run([cli, "text-metrics", "--candidates-file", files["candidates"],
                                  "--references-file", files["refs1"], "--references-file",
                                  files["refs2"], "--smoothing", str(method)],
                                 check=True, capture_output=True, text=True)
            ours_wall.append(time.perf_counter() - t0)
            r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
            ours_cpu.append(r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime)
        got = json.loads(run.stdout)["bleu"]
        rel = abs(got - expected) / max(abs(expected), 1e-300)
        print(f"method {method}: BLEU NLTK {expected:.15g}, mllab-cli {got:.15g} "
              f"(relative difference {rel:.1e})\n"
              f"  wall: NLTK corpus_bleu {min(nltk_wall) * 1e3:.0f} ms, mllab-cli "
              f"{min(ours_wall) * 1e3:.0f} ms, {min(nltk_wall) / min(ours_wall):.0f}x\n"
              f"  CPU:  NLTK corpus_bleu {min(nltk_cpu) * 1e3:.0f} ms, mllab-cli "
              f"{min(ours_cpu) * 1e3:.0f} ms, {min(nltk_cpu) / max(min(ours_cpu), 1e-3):.0f}x")
        assert rel < 1e-12, "mllab-cli differs from NLTK"


if __name__ == "__main__":
    main()
