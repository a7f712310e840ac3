#!/usr/bin/env python3
"""Hostile-input probe of mllab-cli: runs seeded families of bad inputs (damaged CSVs and
checkpoints, tokenizers whose merges double, counts past their limits, FIFOs and folders where
files belong, sampling that cuts UTF-8 characters, every lab parameter at its extremes) and
classifies each run:

  ok        exit 0 and one JSON document without NaN/Infinity (null where a number belongs is a
            'wrong' result only when the probe says so)
  refused   exit 1 or 2 with a message on stderr
  internal  exit 3 (an engine bug reached the user)
  crash     killed by a signal
  long      still running after the time limit but reporting progress (`lab --progress`
            wrote a progress line in the last 5 s): a long computation, stopped by the probe
  hang      still running after the time limit without progress
  wrong     exit 0 but output that does not parse, or a number the probe knows is wrong

It rewrites the table between the PROBE markers in docs/reliability.md (--write) and exits 1 if
any run was internal, crash, hang or wrong.

  /usr/bin/python3 scripts/probe_inputs.py --cli build/engine/cli/mllab-cli [--write] [--quick]
"""

import argparse
import json
import os
import random
import re
import struct
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, OrderedDict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODEL = os.path.join(ROOT, "resources", "models", "tiny-gpt.safetensors")


class Probe:
    def __init__(self, cli, timeout):
        self.cli = cli
        self.timeout = timeout
        self.results = OrderedDict()  # class -> Counter
        self.failures = []

    def run(self, klass, args, expect_refusal=False, check=None, progress=False):
        """Runs mllab-cli ARGS and records the outcome under `klass`. With `progress`, ARGS
        make the command write progress lines to stderr, and a run past the time limit that is
        still writing them counts as long, not hung."""
        if progress:
            outcome = self.run_watching_progress(args, expect_refusal, check)
        else:
            try:
                p = subprocess.run([self.cli] + args, capture_output=True, timeout=self.timeout,
                                   stdin=subprocess.DEVNULL)
                outcome = self.classify(p, expect_refusal, check)
            except subprocess.TimeoutExpired:
                outcome = "hang"
        self.results.setdefault(klass, Counter())[outcome] += 1
        if outcome in ("internal", "crash", "hang", "wrong"):
            self.failures.append((klass, outcome, " ".join(args)[:200]))
        return outcome

    def run_watching_progress(self, args, expect_refusal, check):
        p = subprocess.Popen([self.cli] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             stdin=subprocess.DEVNULL)
        last_progress = [time.monotonic()]
        stderr_lines, stdout_chunks = [], []

        def read_stderr():
            for line in p.stderr:
                stderr_lines.append(line)
                if line.startswith(b'{"message"') or line.startswith(b'{"progress"'):
                    last_progress[0] = time.monotonic()

        readers = [threading.Thread(target=read_stderr),
                   threading.Thread(target=lambda: stdout_chunks.append(p.stdout.read()))]
        for reader in readers:
            reader.start()
        try:
            p.wait(timeout=self.timeout)
        except subprocess.TimeoutExpired:
            moving = time.monotonic() - last_progress[0] < 5
            p.kill()
            p.wait()
            for reader in readers:
                reader.join()
            return "long" if moving else "hang"
        for reader in readers:
            reader.join()
        done = subprocess.CompletedProcess(p.args, p.returncode, b"".join(stdout_chunks),
                                           b"".join(line for line in stderr_lines
                                                    if not line.startswith(b'{"')))
        return self.classify(done, expect_refusal, check)

    @staticmethod
    def classify(p, expect_refusal, check):
        if p.returncode < 0:
            return "crash"
        if p.returncode == 3:
            return "internal"
        if p.returncode in (1, 2):
            return "refused" if p.stderr.strip() else "wrong"
        if p.returncode != 0:
            return "crash"
        try:
            doc = json.loads(p.stdout.decode("utf-8").splitlines()[0])
        except (ValueError, IndexError, UnicodeDecodeError):
            return "wrong"
        if expect_refusal:
            return "wrong"
        if check and not check(doc):
            return "wrong"
        return "ok"


def finite_numbers(doc):
    """True when no number in the document is null where the probe expects numbers."""
    text = json.dumps(doc)
    return "NaN" not in text and "Infinity" not in text


def finite_and_present(doc):
    """finite_numbers, and no null anywhere: the commands checked with it print no null for
    valid input, so a null is an overflowed number that was printed instead of refused."""
    return finite_numbers(doc) and "null" not in json.dumps(doc)


def write(path, data):
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))


# ---- CSV -----------------------------------------------------------------------------------

def valid_csv(rng, rows=60):
    lines = ["score,label,x,y"]
    for _ in range(rows):
        lines.append("%.4f,%d,%.3f,%.3f" % (rng.random(), rng.randint(0, 1), rng.gauss(0, 1),
                                            rng.gauss(0, 1)))
    return "\n".join(lines) + "\n"


CSV_CELLS = ["", "abc", "+-1", "--1", "1e-400", "1e400", "1e154", "-1e154", "nan", "inf", "-inf",
             "0x10", "1,5", '"2"', "1e", ".", "\xff", "1 2", "NULL", "9" * 400]


def mutate_csv(rng, text):
    kind = rng.randrange(6)
    lines = text.split("\n")
    if kind == 0:  # one cell replaced
        i = rng.randrange(1, len(lines) - 1)
        cells = lines[i].split(",")
        cells[rng.randrange(len(cells))] = rng.choice(CSV_CELLS)
        lines[i] = ",".join(cells)
        return "\n".join(lines)
    if kind == 1:  # truncated anywhere
        return text[: rng.randrange(len(text))]
    if kind == 2:  # random bytes flipped
        b = bytearray(text.encode())
        for _ in range(rng.randint(1, 8)):
            b[rng.randrange(len(b))] = rng.randrange(256)
        return bytes(b)
    if kind == 3:  # a row with another field count
        i = rng.randrange(1, len(lines) - 1)
        lines[i] += ",7" if rng.random() < 0.5 else ""
        lines[i] = lines[i].rsplit(",", 1)[0] if rng.random() < 0.5 else lines[i]
        return "\n".join(lines)
    if kind == 4:  # a column of one extreme value
        v = rng.choice(["1e154", "-1e300", "0", "1e-320"])
        return "\n".join([lines[0]] + [l.split(",", 1)[0] + "," + l.split(",", 1)[1].replace(
            l.split(",")[2], v, 1) if l else l for l in lines[1:]])
    return rng.choice(["", "score,label\n", "\ufeffscore,label\n0.5,1\n", "score\n0.1\n",
                       "a,a\n1,2\n", "score,label\r\n0.2,1\r\n0.9,0\r\n"])


def probe_csv(probe, tmp, runs, rng):
    path = os.path.join(tmp, "probe.csv")
    for _ in range(runs):
        write(path, mutate_csv(rng, valid_csv(rng)))
        probe.run("CSV files (roc, calibration, pca, temperature-scale)",
                  rng.choice([["roc", "--input", path],
                              ["calibration", "--input", path, "--prob", "score"],
                              ["pca", "--input", path, "--columns", "x,y", "--standardize"],
                              ["pca", "--input", path, "--columns", "x,y"],
                              ["temperature-scale", "--input", path, "--logits", "x,y",
                               "--label", "label"]]),
                  check=finite_numbers)
    for _ in range(runs // 2):
        write(path, mutate_csv(rng, valid_csv(rng)))
        probe.run("CSV files (lasso-path, ridge-path, constrained-optimum, vector-index)",
                  rng.choice([["lasso-path", "--input", path, "--target", "y"],
                              ["ridge-path", "--input", path, "--target", "y"],
                              ["ridge-path", "--input", path, "--target", "y", "--standardize"],
                              ["constrained-optimum", "--input", path, "--features", "x,score",
                               "--target", "y"],
                              ["vector-index", "--source", "csv", "--input", path, "--index",
                               "flat", "--queries", "5"]]),
                  check=finite_and_present)


# ---- checkpoints ---------------------------------------------------------------------------

def split_safetensors(data):
    n = struct.unpack("<Q", data[:8])[0]
    return json.loads(data[8:8 + n]), data[8 + n:]


def join_safetensors(header, body):
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + body


def mutate_checkpoint(rng, data):
    header, body = split_safetensors(data)
    kind = rng.randrange(6)
    if kind == 0:  # bytes flipped in the data
        b = bytearray(body)
        for _ in range(rng.randint(1, 20)):
            b[rng.randrange(len(b))] = rng.randrange(256)
        return join_safetensors(header, bytes(b))
    if kind == 1:  # one weight set to NaN, inf or 3e38
        name = rng.choice([k for k in header if k != "__metadata__"])
        begin = header[name]["data_offsets"][0]
        b = bytearray(body)
        b[begin:begin + 4] = struct.pack("<f", rng.choice([float("nan"), float("inf"), 3e38]))
        return join_safetensors(header, bytes(b))
    if kind == 2:  # truncated
        return data[: rng.randrange(len(data))]
    if kind == 3:  # header bytes flipped
        b = bytearray(data)
        for _ in range(rng.randint(1, 4)):
            b[8 + rng.randrange(struct.unpack("<Q", data[:8])[0])] = rng.randrange(32, 127)
        return bytes(b)
    if kind == 4:  # a metadata value replaced
        meta = header["__metadata__"]
        key = rng.choice(sorted(meta))
        meta[key] = rng.choice(["-1", "0", "99999999999", "abc", "", "1e9"])
        return join_safetensors(header, body)
    # tokenizer merges that double a token each step
    merges = ["97 97"] + ["%d %d" % (i, i) for i in range(256, 256 + rng.randint(10, 40))]
    header["__metadata__"]["tokenizer_merges"] = "\n".join(merges)
    return join_safetensors(header, body)


def probe_checkpoints(probe, tmp, runs, rng):
    data = open(MODEL, "rb").read()
    path = os.path.join(tmp, "probe.safetensors")
    for _ in range(runs):
        write(path, mutate_checkpoint(rng, data))
        args = rng.choice([["lm", "next", "--prompt", "The model", "--model", path],
                           ["tokenize", "--text", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                            "--model", path],
                           ["lm", "eval", "--text-file", os.path.join(ROOT, "README.md"),
                            "--model", path]])
        probe.run("Checkpoints (lm next, lm eval, tokenize)", args, check=finite_numbers)


# ---- counts, special files, UTF-8 ----------------------------------------------------------

COUNTS = [
    (["lm", "generate", "--prompt", "a", "--max-tokens"], 4096),
    (["lm", "speculative", "--prompt", "a", "--max-tokens"], 4096),
    (["lm", "speculative", "--prompt", "a", "--gamma"], 64),
    (["lm", "next", "--prompt", "a", "--top"], 65536),
    (["monte-carlo", "--samples"], 1000000000),
    (["monte-carlo", "--checkpoints"], 1000),
    (["bias-variance", "--bootstraps"], 10000),
    (["bias-variance", "--grid"], 10000),
    (["bpe-steps", "--merges"], 65536),
    (["optimize", "--surface", "quadratic", "--optimizer", "sgd", "--lr", "0.1", "--start", "1,1",
      "--steps"], 1000000),
    (["vector-index", "--n"], 1000000),
    (["text-metrics", "--candidate", "a b", "--reference", "a b", "--smoothing"], 7),
]


def probe_counts(probe, tmp):
    for prefix, limit in COUNTS:
        for value in [str(limit + 1), "99999999999999999999", "-5", "1e3", "ten"]:
            probe.run("Count options past their limits", prefix + [value], expect_refusal=True)


def probe_special_files(probe, tmp):
    fifo = os.path.join(tmp, "probe.fifo")
    if not os.path.exists(fifo):
        os.mkfifo(fifo)
    targets = [fifo, tmp, "/dev/zero", "/dev/null", os.path.join(tmp, "missing.csv"), ""]
    commands = [lambda f: ["roc", "--input", f], lambda f: ["pca", "--input", f],
                lambda f: ["lm", "eval", "--text-file", f],
                lambda f: ["lm", "next", "--prompt", "a", "--model", f],
                lambda f: ["sample", "--logits", f],
                lambda f: ["text-metrics", "--candidates-file", f, "--references-file", f],
                lambda f: ["lab", "lora", "--set", "text=file", "--set", "file=" + f]]
    for target in targets:
        for make in commands:
            probe.run("FIFOs, folders, devices, missing files", make(target), expect_refusal=True)


def probe_utf8(probe, runs):
    for seed in range(runs):
        probe.run("Text cut mid-character (lm generate, tokenize)",
                  ["lm", "generate", "--prompt", "The", "--temperature", str([2, 5][seed % 2]),
                   "--max-tokens", "30", "--seed", str(seed)])
    for text in ["caf\udcc3", "\udcff\udcfe", "a\udce2\udc82"]:
        raw = text.encode("utf-8", "surrogateescape").decode("utf-8", "surrogateescape")
        probe.run("Text cut mid-character (lm generate, tokenize)", ["tokenize", "--text", raw])


# ---- lab parameters at their extremes ------------------------------------------------------

def probe_lab_extremes(probe, app, quick):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    ids = [l["id"] for l in json.loads(subprocess.run([app, "--list-labs"], capture_output=True,
                                                      timeout=120, env=env).stdout)]
    for lab in ids:
        spec = json.loads(subprocess.run([probe.cli, "lab", lab, "--describe"],
                                         capture_output=True, timeout=60).stdout)
        for param in spec["params"]:
            if param["type"] not in ("number", "integer"):
                continue
            for key in ("min", "max"):
                if key not in param or (quick and key == "min"):
                    continue
                probe.run("Every lab parameter at its min and max (mllab-cli lab)",
                          ["lab", lab, "--progress", "--set", "%s=%s" % (param["key"], param[key])],
                          progress=True)


# ---- report --------------------------------------------------------------------------------

OUTCOMES = ["ok", "refused", "long", "internal", "crash", "hang", "wrong"]


def table(probe):
    rows = ["| Probe class | Runs | " + " | ".join(o.capitalize() for o in OUTCOMES) + " |",
            "|---|---:|" + "---:|" * len(OUTCOMES)]
    for klass, counts in probe.results.items():
        rows.append("| %s | %d | %s |" % (klass, sum(counts.values()),
                                          " | ".join(str(counts[o]) for o in OUTCOMES)))
    return "\n".join(rows)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cli", default=os.path.join(ROOT, "build", "engine", "cli", "mllab-cli"))
    parser.add_argument("--app", default=os.path.join(ROOT, "build", "app", "mllab"))
    parser.add_argument("--runs", type=int, default=300, help="runs per mutated-file family")
    parser.add_argument("--timeout", type=float, default=120)
    parser.add_argument("--quick", action="store_true", help="fewer runs, lab maxima only")
    parser.add_argument("--write", action="store_true", help="update docs/reliability.md")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-labs", action="store_true", help="skip the lab extremes")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    runs = 40 if args.quick else args.runs
    probe = Probe(os.path.abspath(args.cli), args.timeout)
    with tempfile.TemporaryDirectory() as tmp:
        probe_csv(probe, tmp, runs, rng)
        probe_checkpoints(probe, tmp, runs, rng)
        probe_counts(probe, tmp)
        probe_special_files(probe, tmp)
        probe_utf8(probe, 10 if args.quick else 40)
        if not args.no_labs:
            probe_lab_extremes(probe, os.path.abspath(args.app), args.quick)
    report = table(probe)
    print(report)
    for klass, outcome, call in probe.failures:
        print("%s: %s: mllab-cli %s" % (outcome, klass, call), file=sys.stderr)
    if args.write:
        doc_path = os.path.join(ROOT, "docs", "reliability.md")
        doc = open(doc_path, encoding="utf-8").read()
        doc = re.sub(r"(<!-- PROBE -->\n).*?(\n<!-- /PROBE -->)",
                     lambda m: m.group(1) + report + m.group(2), doc, flags=re.S)
        write(doc_path, doc)
    return 1 if probe.failures else 0


if __name__ == "__main__":
    sys.exit(main())
