#!/usr/bin/python3
"""BLEU reference values from NLTK (Debian's python3-nltk) for tests/engine/tst_textmetrics.cpp:
sentence_bleu with the default weights (0.25, 0.25, 0.25, 0.25) and no smoothing, and its
precisions and brevity penalty, on whitespace tokens. Writes
tests/engine/data/text_metrics_reference.json.

    /usr/bin/python3 bench/text_metrics_reference.py
"""
import json
import math
import os
import warnings
from fractions import Fraction

import nltk
from nltk.translate.bleu_score import brevity_penalty, closest_ref_length, modified_precision
from nltk.translate.bleu_score import sentence_bleu

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
]


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
                    "brevity_penalty": bp})
    path = os.path.join(os.path.dirname(__file__), "..", "tests", "engine", "data",
                        "text_metrics_reference.json")
    with open(path, "w") as f:
        json.dump({"nltk": nltk.__version__, "cases": out}, f, indent=1)
        f.write("\n")
    print(f"wrote {len(out)} cases from NLTK {nltk.__version__} to {os.path.normpath(path)}")


if __name__ == "__main__":
    main()
