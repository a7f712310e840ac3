#!/usr/bin/env python3
"""Training throughput of the small GPT: mllab-cli (libtorch C++) against the same model, batch and
optimizer in PyTorch-Python, same machine, same run, 1 and 2 intra-op threads. Prints tokens/s,
the ratio, and model FLOPs utilisation (6N + 12·L·d·T FLOPs per token against the cores' FP32
peak: Zen 3, 2 x 256-bit FMA per cycle = 32 FLOP/cycle/core at the nominal clock).

Both sides time the same work: WARMUP untimed steps, then --steps timed training steps of batch 32
x 128 tokens (random windows, forward, cross-entropy, backward, clipping, AdamW). The CLI runs
WARMUP + steps steps and reports tokens/s over the steps after its first 3 (it leaves out its
evaluations and checkpoint writes); the Python loop times the same steps after the same warm-up.
Intra-op threads: --threads on the CLI, torch.set_num_threads in Python. Best of --repeats runs.

usage: /usr/bin/python3 bench/bench_lm_train.py [--steps 40] [--repeats 2] [--threads 1,2]
       [--cli build/engine/cli/mllab-cli]
"""
import argparse, json, math, pathlib, subprocess, tempfile, time

import torch
import torch.nn as nn
import torch.nn.functional as F

ROOT = pathlib.Path(__file__).resolve().parent.parent
V, T, L, H, D, B = 1024, 128, 4, 4, 128, 32
WARMUP = 3  # untimed steps on both sides (the CLI leaves out its first 3 in runs of more than 10)


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.ln1, self.ln2 = nn.LayerNorm(D), nn.LayerNorm(D)
        self.qkv, self.proj = nn.Linear(D, 3 * D), nn.Linear(D, D)
        self.fc, self.out = nn.Linear(D, 4 * D), nn.Linear(4 * D, D)

    def forward(self, x):
        b, t, _ = x.shape
        q, k, v = self.qkv(self.ln1(x)).view(b, t, 3, H, D // H).permute(2, 0, 3, 1, 4)
        s = q @ k.transpose(-2, -1) / math.sqrt(D // H)
        s = s.masked_fill(torch.ones(t, t, dtype=torch.bool).triu(1), float("-inf"))
        y = (F.dropout(s.softmax(-1), 0.1, self.training) @ v).transpose(1, 2).reshape(b, t, D)
        x = x + F.dropout(self.proj(y), 0.1, self.training)
        return x + F.dropout(self.out(F.gelu(self.fc(self.ln2(x)))), 0.1, self.training)


class Gpt(nn.Module):
    def __init__(self):
        super().__init__()
        self.tok, self.pos = nn.Embedding(V, D), nn.Embedding(T, D)
        self.blocks = nn.ModuleList(Block() for _ in range(L))
        self.lnf = nn.LayerNorm(D)

    def forward(self, idx):
        x = F.dropout(self.tok(idx) + self.pos(torch.arange(idx.shape[1])), 0.1, self.training)
        for blk in self.blocks:
            x = blk(x)
        return self.lnf(x) @ self.tok.weight.t()


def python_tokens_per_s(steps, threads):
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    model = Gpt()
    decay = [p for p in model.parameters() if p.dim() >= 2]
    other = [p for p in model.parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.1}, {"params": other, "weight_decay": 0.0}],
                            lr=3e-3, betas=(0.9, 0.95))
    data = torch.randint(0, V, (200_000,))
    def step():
        starts = torch.randint(0, len(data) - T - 1, (B,))
        batch = torch.stack([data[s:s + T + 1] for s in starts])
        loss = F.cross_entropy(model(batch[:, :-1]).reshape(-1, V), batch[:, 1:].reshape(-1))
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
    for _ in range(WARMUP):
        step()
    start = time.perf_counter()
    for _ in range(steps):
        step()
    return steps * B * T / (time.perf_counter() - start), sum(p.numel() for p in model.parameters())


def mllab_tokens_per_s(cli, steps, threads):
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run([cli, "lm", "train", "--corpus", str(ROOT / "content/questions"), "--out",
                              tmp + "/m.safetensors", "--steps", str(WARMUP + steps), "--eval-every", str(steps * 10),
                              "--threads", str(threads)], check=True, capture_output=True, text=True).stdout
    return json.loads(out)["tokens_per_second"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--steps", type=int, default=40)
    ap.add_argument("--repeats", type=int, default=2)
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--cli", default=str(ROOT / "build/engine/cli/mllab-cli"))
    ap.add_argument("--ghz", type=float, default=2.45)
    args = ap.parse_args()
    peak_per_core = 32 * args.ghz * 1e9
    print(f"{'threads':>7} {'PyTorch tok/s':>14} {'MLLab tok/s':>12} {'ratio':>6} {'MLLab MFU':>9}")
    for threads in (int(t) for t in args.threads.split(",")):
        py, ml = 0.0, 0.0
        for _ in range(args.repeats):
            rate, n = python_tokens_per_s(args.steps, threads)
            py = max(py, rate)
            ml = max(ml, mllab_tokens_per_s(args.cli, args.steps, threads))
        flops_per_token = 6 * n + 12 * L * D * T
        mfu = ml * flops_per_token / (peak_per_core * threads)
        print(f"{threads:7d} {py:14.0f} {ml:12.0f} {ml / py:6.2f} {mfu:9.1%}")


if __name__ == "__main__":
    main()
