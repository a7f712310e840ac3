#!/usr/bin/python3
"""Writes resources/datasets/{iris,wine,breast_cancer}.csv from the copies that Debian's
python3-sklearn ships, keeping every number exactly as written there and giving the columns
plain snake_case names and the classes their names. Run with Debian's /usr/bin/python3."""

import csv
import os
import re

from sklearn import datasets

DATA = os.path.join(os.path.dirname(datasets.__file__), "data")
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "datasets")


def snake(name):
    return re.sub(r"[^0-9a-z]+", "_", name.lower()).strip("_")


def convert(source, target, feature_names, class_column, class_names, units=""):
    with open(os.path.join(DATA, source), newline="") as f:
        rows = list(csv.reader(f))
    n, d = int(rows[0][0]), int(rows[0][1])
    header = [snake(name) + units for name in feature_names] + [class_column]
    assert len(feature_names) == d and len(rows) == n + 1
    with open(os.path.join(OUT, target), "w", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(header)
        for row in rows[1:]:
            out.writerow(row[:d] + [class_names[int(row[d])]])


iris = datasets.load_iris()
convert("iris.csv", "iris.csv", [n.replace(" (cm)", "") for n in iris.feature_names], "species",
        list(iris.target_names), units="_cm")
wine = datasets.load_wine()
convert("wine_data.csv", "wine.csv", wine.feature_names, "cultivar",
        ["cultivar_1", "cultivar_2", "cultivar_3"])
cancer = datasets.load_breast_cancer()
convert("breast_cancer.csv", "breast_cancer.csv", cancer.feature_names, "diagnosis",
        list(cancer.target_names))
