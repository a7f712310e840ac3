#!/usr/bin/env python3
"""LoRA training steps per second: the lora lab (libtorch C++, bench_lora) against PyTorch-Python
with the same model, adapters, batch, optimizer and threads, on the same machine in the same run.

The Python side builds the same GPT (4 blocks, width 128, 4 heads, fused qkv, tied head, dropout
off), loads the shipped weights from resources/models/tiny-gpt.safetensors (read by hand: an
8-byte header length, a JSON header, raw little-endian float32), freezes them, and adds PEFT-style
adapters (A Kaiming-uniform a=sqrt(5), B zero, scale alpha/r) on the q and v slices of every
block's qkv. Each step: 4 random windows of 32 tokens, forward, cross-entropy, backward, AdamW
(lr 2e-3, torch defaults otherwise). One intra-op thread on both sides (the lab runs on one).
Best of --repeats timed runs of --steps steps after --steps untimed warm-up steps, the two sides
alternating. The token ids
are random (speed does not depend on them); the lab's own loop trains on the ship's log.

usage: /usr/bin/python3 bench/lora_vs_torch.py [--build build] [--steps 60] [--repeats 3]
"""
import argparse, json, math, pathlib, struct, subprocess, time

import torch
import torch.nn as nn
import torch.nn.functional as F

ROOT = pathlib.Path(__file__).resolve().parent.parent
V, T, L, H, D = 1024, 128, 4, 4, 128
BATCH, WINDOW, RANK, ALPHA, LR = 4, 32, 8, 16.0, 2e-3


def load_safetensors(path):
    data = pathlib.Path(path).read_bytes()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        assert info["dtype"] == "F32", info["dtype"]
        start, end = info["data_offsets"]
        raw = bytearray(data[8 + n + start:8 + n + end])
        tensors[name] = torch.frombuffer(raw, dtype=torch.float32).reshape(info["shape"]).clone()
    return tensors


class Lora(nn.Module):
    def __init__(self, d_in, d_out, r):
        super().__init__()
        self.A = nn.Parameter(torch.empty(r, d_in))
        self.B = nn.Parameter(torch.zeros(d_out, r))
        nn.init.kaiming_uniform_(self.A, a=math.sqrt(5))

    def forward(self, x):
        return F.linear(F.linear(x, self.A), self.B)


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.ln1, self.ln2 = nn.LayerNorm(D), nn.LayerNorm(D)
        self.qkv, self.proj = nn.Linear(D, 3 * D), nn.Linear(D, D)
        self.fc, self.out = nn.Linear(D, 4 * D), nn.Linear(4 * D, D)
        self.lora_q, self.lora_v = Lora(D, D, RANK), Lora(D, D, RANK)

    def forward(self, x):
        b, t, _ = x.shape
        h = self.ln1(x)
        scale = ALPHA / RANK
        delta = torch.cat([self.lora_q(h) * scale, torch.zeros_like(h), self.lora_v(h) * scale], -1)
        q, k, v = (self.qkv(h) + delta).view(b, t, 3, H, D // H).permute(2, 0, 3, 1, 4)
        s = q @ k.transpose(-2, -1) / math.sqrt(D // H)
        s = s.masked_fill(torch.ones(t, t, dtype=torch.bool).triu(1), float("-inf"))
        y = (s.softmax(-1) @ v).transpose(1, 2).reshape(b, t, D)
        x = x + self.proj(y)
        return x + self.out(F.gelu(self.fc(self.ln2(x))))


class Gpt(nn.Module):
    def __init__(self):
        super().__init__()
        self.tok, self.pos = nn.Embedding(V, D), nn.Embedding(T, D)
        self.blocks = nn.ModuleList(Block() for _ in range(L))
        self.lnf = nn.LayerNorm(D)

    def forward(self, idx):
        x = self.tok(idx) + self.pos(torch.arange(idx.shape[1]))
        for block in self.blocks:
            x = block(x)
        return self.lnf(x) @ self.tok.weight.t()


def build_model():
    torch.manual_seed(0)
    model = Gpt()
    weights = load_safetensors(ROOT / "resources/models/tiny-gpt.safetensors")
    state = {}
    for name, tensor in weights.items():
        key = name.replace("attn.", "")
        key = key.replace("block", "blocks.", 1) if key.startswith("block") else key
        state[key] = tensor
    missing, unexpected = model.load_state_dict(state, strict=False)
    assert not unexpected, unexpected
    assert all("lora" in m for m in missing), missing
    for name, p in model.named_parameters():
        p.requires_grad = "lora" in name
    return model.eval()


def python_timer(steps):
    """A function timing `steps` LoRA steps of one model (built once, warmed up once)."""
    torch.set_num_threads(1)
    model = build_model()
    trainable = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(trainable, lr=LR)
    ids = torch.randint(0, V, (50000,), generator=torch.Generator().manual_seed(0))

    def step():
        starts = torch.randint(0, len(ids) - WINDOW - 1, (BATCH,))
        x = torch.stack([ids[s:s + WINDOW] for s in starts])
        y = torch.stack([ids[s + 1:s + WINDOW + 1] for s in starts])
        opt.zero_grad()
        loss = F.cross_entropy(model(x).reshape(-1, V), y.reshape(-1))
        loss.backward()
        opt.step()

    for _ in range(steps):
        step()

    def timed():
        start = time.perf_counter()
        for _ in range(steps):
            step()
        return time.perf_counter() - start

    return timed, sum(p.numel() for p in trainable)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default="build", help="build folder with -DMLLAB_BUILD_BENCH=ON")
    parser.add_argument("--steps", type=int, default=60)
    parser.add_argument("--repeats", type=int, default=3)
    a = parser.parse_args()
    # Alternate the two sides so that load from other work on the machine hits both alike.
    timed, count = python_timer(a.steps)
    ours, theirs = {"lora_steps_per_s": 0, "full_steps_per_s": 0}, 0
    for _ in range(a.repeats):
        out = subprocess.run([f"{a.build}/bench/bench_lora", "--steps", str(a.steps),
                              "--repeats", "1"], check=True, capture_output=True, text=True).stdout
        run = json.loads(out)
        ours = {k: max(ours[k], run[k]) for k in ours}
        theirs = max(theirs, a.steps / timed())
    print(f"LoRA r={RANK} on q,v of 4 blocks ({count} trainable), batch {BATCH}x{WINDOW}, 1 thread")
    print(f"{'side':<28}{'steps/s':>10}")
    print(f"{'MLLab (libtorch C++)':<28}{ours['lora_steps_per_s']:>10.1f}")
    print(f"{'PyTorch-Python':<28}{theirs:>10.1f}")
    print(f"ratio MLLab / Python: {ours['lora_steps_per_s'] / theirs:.2f}")
    print(f"(MLLab full fine-tuning, same batches: {ours['full_steps_per_s']:.1f} steps/s)")


if __name__ == "__main__":
    main()
