#!/usr/bin/python3
"""Attention and tokenizer labs side by side: MLLab's engine against the same work in Python.

Runs bench_lmlabs (Google Benchmark) and, in the same run on the same machine:
- attention maps with PyTorch 1.13: a GPT of the shipped shape (4 layers x 4 heads, width 128,
  pre-LayerNorm, written-out causal attention) run twice on the same prompt, with and without
  1/sqrt(d_k), keeping every head's weights, the mean over heads and each head's mean row
  entropy, converted to Python lists as the engine converts them to C++ vectors;
- byte-level BPE step by step in pure Python with the same rules (GPT-2 style chunks, most
  frequent pair first, ties by first occurrence, the text's tokens recorded after each merge) on
  the same 2,000 bytes with 200 merges. The merge lists are compared with `mllab-cli bpe-steps`.

Usage: /usr/bin/python3 bench/lmlabs_vs_torch.py [--build build]
"""

import argparse
import json
import math
import re
import statistics
import subprocess
import time

import torch

REPEATS = 15
SYLLABLES = ["at", "ten", "tion", "to", "ken", "soft", "max", "weigh", "sum", "que", "ry", "key",
             "val", "ue", "head", "lay", "er", "scal", "ed", "the"]


def words(size):
    """The benchmark's pseudo-words: the same generator as bench_lmlabs.cpp."""
    text, state = "", 12345

    def next_int(n):
        nonlocal state
        state = (state * 1664525 + 1013904223) % 2**32
        return (state >> 16) % n

    while len(text) < size:
        for _ in range(next_int(3) + 1):
            text += SYLLABLES[next_int(20)]
        text += " "
    return text[:size]


def median_ms(action):
    action()
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


class Block(torch.nn.Module):
    def __init__(self, width, heads):
        super().__init__()
        self.heads = heads
        self.ln1 = torch.nn.LayerNorm(width)
        self.qkv = torch.nn.Linear(width, 3 * width)
        self.proj = torch.nn.Linear(width, width)
        self.ln2 = torch.nn.LayerNorm(width)
        self.fc = torch.nn.Linear(width, 4 * width)
        self.out = torch.nn.Linear(4 * width, width)

    def forward(self, x, scaled):
        batch, length, width = x.shape
        d = width // self.heads
        q, k, v = self.qkv(self.ln1(x)).view(batch, length, 3, self.heads, d).permute(2, 0, 3, 1, 4)
        scores = q @ k.transpose(-2, -1)
        if scaled:
            scores = scores / math.sqrt(d)
        mask = torch.ones(length, length, dtype=torch.bool).triu(1)
        probs = torch.softmax(scores.masked_fill(mask, float("-inf")), -1)
        y = (probs @ v).transpose(1, 2).reshape(batch, length, width)
        h = x + self.proj(y)
        return h + self.out(torch.nn.functional.gelu(self.fc(self.ln2(h)))), probs


class Gpt(torch.nn.Module):
    def __init__(self, vocab=1024, context=128, layers=4, heads=4, width=128):
        super().__init__()
        self.tok = torch.nn.Embedding(vocab, width)
        self.pos = torch.nn.Embedding(context, width)
        self.blocks = torch.nn.ModuleList(Block(width, heads) for _ in range(layers))
        self.lnf = torch.nn.LayerNorm(width)

    def forward(self, ids, scaled):
        x = self.tok(ids) + self.pos(torch.arange(ids.shape[1]))
        maps = []
        for block in self.blocks:
            x, probs = block(x, scaled)
            maps.append(probs[0])
        return self.lnf(x) @ self.tok.weight.T, maps


def mean_row_entropy(maps):
    """[layers, heads, q, k] -> [layers, heads] mean entropy in bits of rows 1..n-1."""
    p = maps[..., 1:, :]
    terms = torch.where(p > 0, -p * torch.log2(p), torch.zeros_like(p))
    return terms.sum(-1).mean(-1)


def torch_attention_ms(model, length):
    ids = torch.tensor([list(words(length).encode())])

    def run():
        with torch.inference_mode():
            for scaled in (True, False):
                _, maps = model(ids, scaled)
                stacked = torch.stack(maps)
                stacked.tolist()
                stacked.mean(1).tolist()
                mean_row_entropy(stacked).tolist()
                mean_row_entropy(stacked.mean(1, keepdim=True)).tolist()

    return median_ms(run)


CHUNK = re.compile(rb" ?[A-Za-z\x80-\xff']+| ?[0-9]+| ?[^\sA-Za-z0-9\x80-\xff']+|\s+")


def apply_merge(ids, pair, new):
    out, i = [], 0
    while i < len(ids):
        if i + 1 < len(ids) and (ids[i], ids[i + 1]) == pair:
            out.append(new)
            i += 2
        else:
            out.append(ids[i])
            i += 1
    return out


def python_bpe(text, merges):
    """Returns the merged pieces; records the text's tokens after every merge, as the lab does."""
    chunks = CHUNK.findall(text.encode())
    counts = {}
    for chunk in chunks:
        counts[chunk] = counts.get(chunk, 0) + 1
    words_ = [[list(chunk), n] for chunk, n in counts.items()]  # first-seen order
    traced = [list(chunk) for chunk in chunks]
    pieces = [bytes([b]) for b in range(256)]
    merged, trace = [], []
    for step in range(merges):
        stats = {}
        for ids, n in words_:
            for pair in zip(ids, ids[1:]):
                stats[pair] = stats.get(pair, 0) + n
        if not stats:
            break
        best = None
        for pair, n in stats.items():  # insertion order = first occurrence
            if best is None or n > stats[best]:
                best = pair
        new = 256 + step
        for w in words_:
            w[0] = apply_merge(w[0], best, new)
        traced = [apply_merge(ids, best, new) for ids in traced]
        pieces.append(pieces[best[0]] + pieces[best[1]])
        merged.append(pieces[-1])
        trace.append([pieces[i] for ids in traced for i in ids])
    return merged


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default="build", help="build folder with -DMLLAB_BUILD_BENCH=ON")
    arguments = parser.parse_args()
    output = subprocess.run([f"{arguments.build}/bench/bench_lmlabs", "--benchmark_format=json"],
                            check=True, capture_output=True, text=True).stdout
    report = json.loads(output)
    ours = {b["name"]: b["real_time"] for b in report["benchmarks"]}
    torch.set_num_threads(int(report["context"]["libtorch_threads"]))
    to_ms = {b["name"]: {"ms": 1, "us": 1e-3, "ns": 1e-6}[b["time_unit"]]
             for b in json.loads(output)["benchmarks"]}

    torch.manual_seed(1)
    model = Gpt().eval()
    text = words(2000)
    cli = subprocess.run([f"{arguments.build}/engine/cli/mllab-cli", "bpe-steps", "--text", text,
                          "--merges", "200"], check=True, capture_output=True, text=True).stdout
    engine_pieces = [step["piece"] for step in json.loads(cli)["steps"]]
    python_pieces = [p.decode().replace(" ", "␣") for p in python_bpe(text, 200)]
    print(f"BPE merge lists identical: {engine_pieces == python_pieces}"
          f" ({len(engine_pieces)} merges)")

    print(f"libtorch threads: {torch.get_num_threads()} in both; MLLab: Google Benchmark mean,"
          f" Python: median of {REPEATS}; ratio = Python / MLLab time")
    print(f"{'operation':<44}{'MLLab ms':>10}{'Python ms':>11}{'ratio':>8}")
    rows = [("attention maps, 32 tokens (PyTorch)", "BM_AttentionMaps/32",
             lambda: torch_attention_ms(model, 32)),
            ("attention maps, 128 tokens (PyTorch)", "BM_AttentionMaps/128",
             lambda: torch_attention_ms(model, 128)),
            (f"BPE 2,000 bytes, {len(engine_pieces)} merges (pure Python)", "BM_BpeLab2k",
             lambda: median_ms(lambda: python_bpe(text, 200)))]
    for label, name, peer in rows:
        mine = ours[name] * to_ms[name]
        theirs = peer()
        print(f"{label:<44}{mine:>10.2f}{theirs:>11.2f}{theirs / mine:>7.1f}x")
    for name in ("BM_BpeLabToy", "BM_Tokenize100k"):
        print(f"{name:<44}{ours[name] * to_ms[name]:>10.3f}")


if __name__ == "__main__":
    main()
