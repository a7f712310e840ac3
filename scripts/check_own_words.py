#!/usr/bin/python3
"""Check that the question bank is written in our own words, not in the source notes' sentences.

Usage:
  check_own_words.py --bank content/questions --fingerprint tests/content/notes-ngrams.bin
  check_own_words.py --bank content/questions --notes NOTES.txt      (the notes themselves)
  check_own_words.py --notes NOTES.txt --write-fingerprint tests/content/notes-ngrams.bin

Facts and figures may come from the notes; sentences may not. Every line of the bank (headings,
front matter, fenced code, inline code and quoted strings left out: follow-up questions are
headings and stay verbatim, quoted attack strings and code are quotations) is compared with the
notes, treated the same way, as runs of words (lower-cased letters and digits). A line fails when
it shares a run of EIGHT or more consecutive words with the notes, or a run of SIX that is not
one of the fixed terms in ALLOWED_SIX (names and terms that cannot be said another way).

The repository does not hold the notes: tests compare against a fingerprint, the sorted 48-bit
BLAKE2b hashes of every 6- and 8-word run of the notes, which answers "is this run in the notes"
and nothing else. Exit status: 0 clean, 1 lines to rewrite, 2 usage.
"""

import argparse
import hashlib
import os
import re
import struct
import sys

SHORT, LONG = 6, 8
HASH_BYTES = 6

# Six-word runs that a fixed name or term forces, each with the reason it cannot be reworded.
ALLOWED_SIX = {
}

QUOTED = re.compile(r"`[^`]*`|\"[^\"]*\"|“[^”]*”|‘[^’]*’")
WORD = re.compile(r"[a-z0-9]+")


def word_runs(line):
    """The line's word sequences, split where code or a quotation was cut out."""
    pieces = QUOTED.split(line.lower().replace("’", "'"))
    return [words for words in (WORD.findall(p) for p in pieces) if words]


def digest(words):
    return hashlib.blake2b(" ".join(words).encode(), digest_size=HASH_BYTES).digest()


def grams(words, n):
    return (tuple(words[i:i + n]) for i in range(len(words) - n + 1))


# --- The notes -------------------------------------------------------------------------------

def notes_fingerprint(path):
    """{n: set of hashes} of every n-word run of the notes, n = 6 and 8."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    hashes = {SHORT: set(), LONG: set()}
    for line in lines:
        for words in word_runs(line):
            for n in hashes:
                hashes[n].update(digest(g) for g in grams(words, n))
    return hashes


def write_fingerprint(hashes, path):
    with open(path, "wb") as f:
        f.write(b"MLLABNG1" + struct.pack("<II", len(hashes[SHORT]), len(hashes[LONG])))
        for n in (SHORT, LONG):
            f.write(b"".join(sorted(hashes[n])))


def read_fingerprint(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"MLLABNG1":
        sys.exit(f"check_own_words: {path} is not a fingerprint file")
    short, long_ = struct.unpack("<II", data[8:16])
    body = data[16:]
    if len(body) != (short + long_) * HASH_BYTES:
        sys.exit(f"check_own_words: {path} is truncated")
    chunk = lambda start, count: {body[i:i + HASH_BYTES]
                                  for i in range(start, start + count * HASH_BYTES, HASH_BYTES)}
    return {SHORT: chunk(0, short), LONG: chunk(short * HASH_BYTES, long_)}


# --- The bank --------------------------------------------------------------------------------

def checked_lines(path):
    """(line number, text) of the prose lines of one question file."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    in_front, in_code = False, False
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if number == 1 and stripped == "---":
            in_front = True
            continue
        if in_front:
            in_front = stripped != "---"
            continue
        if stripped.startswith("```"):
            in_code = not in_code
            continue
        if in_code or stripped.startswith("#") or not stripped:
            continue
        yield number, line


def shared_runs(words, hashes):
    """(start, length) of each maximal run of words in the notes that is at least SHORT long."""
    hits = [digest(g) in hashes[SHORT] for g in grams(words, SHORT)]
    runs, start = [], None
    for i, hit in enumerate(hits + [False]):
        if hit and start is None:
            start = i
        elif not hit and start is not None:
            runs.append((start, i - start + SHORT - 1))
            start = None
    return runs


def problems(path, hashes):
    allowed = {tuple(WORD.findall(p.lower())) for p in ALLOWED_SIX}
    for number, line in checked_lines(path):
        for words in word_runs(line):
            for start, length in shared_runs(words, hashes):
                run = words[start:start + length]
                long_run = any(digest(g) in hashes[LONG] for g in grams(run, LONG))
                if not long_run and all(g in allowed for g in grams(run, SHORT)):
                    continue
                kind = f"{LONG}+ words" if long_run else f"{length} words"
                yield number, kind, " ".join(run)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bank", help="folder of question files")
    parser.add_argument("--notes", help="the source notes (text)")
    parser.add_argument("--fingerprint", help="the notes' fingerprint file")
    parser.add_argument("--write-fingerprint", metavar="FILE", help="write the notes' fingerprint")
    args = parser.parse_args()
    if args.write_fingerprint:
        if not args.notes:
            parser.error("--write-fingerprint needs --notes")
        write_fingerprint(notes_fingerprint(args.notes), args.write_fingerprint)
        return 0
    if not args.bank or bool(args.notes) == bool(args.fingerprint):
        parser.error("give --bank and one of --notes or --fingerprint")
    hashes = notes_fingerprint(args.notes) if args.notes else read_fingerprint(args.fingerprint)

    files = sorted(os.path.join(d, f) for d, _, fs in os.walk(args.bank) for f in fs
                   if f.endswith(".md"))
    if not files:
        parser.error(f"no question files under {args.bank}")
    count = 0
    for path in files:
        for number, kind, run in problems(path, hashes):
            print(f"{path}:{number}: shares {kind} with the notes: \"{run}\"")
            count += 1
    print(f"{len(files)} files checked: "
          + ("in our own words" if not count else f"{count} runs to rewrite"))
    return 1 if count else 0


if __name__ == "__main__":
    sys.exit(main())
