#!/usr/bin/python3
"""Writes resources/datasets/test_image.pgm: MLLab's own 64x64 grayscale test image for the
convolution lab, drawn here from nothing but arithmetic (no photograph, no font file): a
left-to-right gradient, a bright square with sharp edges, a dark disk, a thin diagonal line, a
checkerboard patch and the letters "ML" from a 5x7 bitmap defined below. Plain PGM (P2), 0-255."""

import math
import os

N = 64
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "datasets",
                   "test_image.pgm")

# 5x7 bitmaps of the two letters, one string per row.
GLYPHS = {
    "M": ["X...X", "XX.XX", "X.X.X", "X.X.X", "X...X", "X...X", "X...X"],
    "L": ["X....", "X....", "X....", "X....", "X....", "X....", "XXXXX"],
}


def main():
    img = [[int(40 + 120 * x / (N - 1)) for x in range(N)] for _ in range(N)]  # gradient
    for y in range(6, 26):                                                      # bright square
        for x in range(6, 26):
            img[y][x] = 235
    for y in range(N):                                                          # dark disk
        for x in range(N):
            if math.hypot(x - 46, y - 16) <= 10:
                img[y][x] = 10
    for t in range(N):                                                          # diagonal line
        x, y = t, N - 1 - t
        if 30 <= y < N:
            img[y][x] = 255
    for y in range(36, 58):                                                     # checkerboard
        for x in range(38, 60):
            img[y][x] = 220 if ((x - 38) // 4 + (y - 36) // 4) % 2 == 0 else 30
    for i, letter in enumerate("ML"):                                           # text, 2x scale
        for r, row in enumerate(GLYPHS[letter]):
            for c, ch in enumerate(row):
                if ch == "X":
                    for dy in range(2):
                        for dx in range(2):
                            img[40 + 2 * r + dy][4 + 12 * i + 2 * c + dx] = 250
    with open(OUT, "w") as f:
        f.write("P2\n# MLLab convolution test image, made by scripts/make_test_image.py\n")
        f.write(f"{N} {N}\n255\n")
        for row in img:
            f.write(" ".join(str(v) for v in row) + "\n")


main()
