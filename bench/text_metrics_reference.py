#!/usr/bin/python3
"""BLEU reference values from NLTK (Debian's python3-nltk) for tests/engine/tst_textmetrics.cpp,
on whitespace tokens:

- per sentence pair: sentence_bleu's precisions and brevity penalty, and cumulative BLEU-1..4
  (weights [(1,), (1/2, 1/2), (1/3, 1/3, 1/3), (1/4,)*4] in one call) for each of
  SmoothingFunction's methods 0, 1, 2, 3, 4, 5 and 7;
- per corpus (lists of the pairs below, and NLTK's own docstring example): corpus_bleu's
  BLEU-1..4 for each method, its precisions and brevity penalty.

Writes tests/engine/data/text_metrics_reference.json.

    /usr/bin/python3 bench/text_metrics_reference.py
"""
import json
import os
import warnings

import nltk
from nltk.translate.bleu_score import SmoothingFunction, brevity_penalty, closest_ref_length
from nltk.translate.bleu_score import corpus_bleu, modified_precision, sentence_bleu

CASES = [
    ("the cat sat on the mat", ["the cat is on the mat"]),
    ("the the the the the the the", ["the cat is on the mat", "there is a cat on the mat"]),
    ("a model that learns the training data too well overfits",
     ["a model overfits when it learns the training data too well",
      "overfitting means the model learns noise in the training data"]),
    ("attention weights sum to one", ["attention weights sum to one over the keys"]),
    ("gradient descent follows the negative gradient of the loss downhill step by step",
     ["gradient descent steps downhill", "it follows the negative gradient"]),
    ("The Loss falls", ["the loss falls"]),
    ("short", ["a much longer reference sentence"]),
    ("completely different words here", ["nothing in common at all"]),
    ("one two three four five six", ["one two three four five six"]),
    ("one two three", ["one two three four", "one two"]),
    # Added with the smoothing methods: one matching token (method 4 leaves its zeros), a short
    # candidate with two orders matched, and a long one with a 4-gram but no 5-gram.
    ("cat", ["the cat sat"]),
    ("dropout zeroes units", ["dropout randomly zeroes units during training"]),
    ("the learning rate warms up then decays to zero over training",
     ["the learning rate warms up linearly then decays", "it decays to zero over training"]),
]

METHODS = [0, 1, 2, 3, 4, 5, 7]
WEIGHTS = [(1.0,), (0.5, 0.5), (1 / 3, 1 / 3, 1 / 3), (0.25, 0.25, 0.25, 0.25)]

# NLTK's corpus_bleu docstring example.
DOC_HYP = [
    "It is a guide to action which ensures that the military always obeys the commands of the "
    "party",
    "he read the book because he was interested in world history",
]
DOC_REFS = [
    ["It is a guide to action that ensures that the military will forever heed Party commands",
     "It is the guiding principle which guarantees the military forces always being under the "
     "command of the Party",
     "It is the practical guide for the army always to heed the directions of the party"],
    ["he was interested in world history because he read the book"],
]


def bleu_n(refs, hyp, method, corpus=False):
    smoothing = getattr(SmoothingFunction(), f"method{method}")
    f = corpus_bleu if corpus else sentence_bleu
    return [float(b) for b in f(refs, hyp, weights=WEIGHTS, smoothing_function=smoothing)]


def corpus_case(candidates, references):
    hyps = [c.split() for c in candidates]
    refs = [[r.split() for r in rs] for rs in references]
    nums, dens = [0] * 4, [0] * 4
    hyp_len = ref_len = 0
    for rs, h in zip(refs, hyps):
        for n in range(4):
            p = modified_precision(rs, h, n + 1)
            nums[n] += p.numerator
            dens[n] += p.denominator
        hyp_len += len(h)
        ref_len += closest_ref_length(rs, len(h))
    return {"candidates": candidates, "references": references,
            "precisions": [nums[n] / dens[n] for n in range(4)],
            "brevity_penalty": float(brevity_penalty(ref_len, hyp_len)),
            "bleu_n": {str(m): bleu_n(refs, hyps, m, corpus=True) for m in METHODS}}


def main():
    warnings.simplefilter("ignore")  # NLTK warns when a precision is zero (BLEU underflows)
    out = []
    for candidate, references in CASES:
        hyp = candidate.split()
        refs = [r.split() for r in references]
        precisions = [float(modified_precision(refs, hyp, n)) for n in range(1, 5)]
        bp = brevity_penalty(closest_ref_length(refs, len(hyp)), len(hyp))
        out.append({"candidate": candidate, "references": references,
                    "bleu": sentence_bleu(refs, hyp), "precisions": precisions,
                    "brevity_penalty": bp,
                    "bleu_n": {str(m): bleu_n(refs, hyp, m) for m in METHODS}})
    corpora = [
        corpus_case([c for c, _ in CASES], [r for _, r in CASES]),
        corpus_case([c for c, _ in CASES[2:5]], [r for _, r in CASES[2:5]]),
        corpus_case(DOC_HYP, DOC_REFS),
    ]
    path = os.path.join(os.path.dirname(__file__), "..", "tests", "engine", "data",
                        "text_metrics_reference.json")
    with open(path, "w") as f:
        json.dump({"nltk": nltk.__version__, "weights": WEIGHTS, "cases": out,
                   "corpora": corpora}, f, indent=1)
        f.write("\n")
    print(f"wrote {len(out)} cases and {len(corpora)} corpora from NLTK {nltk.__version__} "
          f"to {os.path.normpath(path)}")


if __name__ == "__main__":
    main()
