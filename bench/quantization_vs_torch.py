"""Cross-check of the quantization lab's per-tensor errors against PyTorch.

Reads the shipped GPT's block matrices straight from resources/models/tiny-gpt.safetensors
(the format parsed by hand: 8-byte header length, JSON header, raw little-endian data),
quantizes them with torch.round (half to even, like the engine) under the DESIGN.md rules, and
compares ||W - W'|| / ||W|| with what `mllab-cli lab quantization` prints for the same settings.

    /usr/bin/python3 bench/quantization_vs_torch.py [build/engine/cli/mllab-cli]
"""
import json
import struct
import subprocess
import sys

import torch

ROOT = __file__.rsplit("/bench/", 1)[0]
MODEL = ROOT + "/resources/models/tiny-gpt.safetensors"
SUFFIXES = (".attn.qkv.weight", ".attn.proj.weight", ".fc.weight", ".out.weight")


def block_matrices():
    with open(MODEL, "rb") as f:
        (size,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(size))
        data = f.read()
    out = {}
    for name, info in header.items():
        if name == "__metadata__" or not name.endswith(SUFFIXES) or len(info["shape"]) != 2:
            continue
        begin, end = info["data_offsets"]
        assert info["dtype"] == "F32"
        out[name] = torch.frombuffer(bytearray(data[begin:end]), dtype=torch.float32).reshape(
            info["shape"])
    return out


def quantize(w, bits, group, scheme):
    rows, cols = w.shape
    size = rows * cols if group == -1 else cols if group == 0 else group
    g = w.reshape(-1, size)
    if scheme == "sym":
        top = 2 ** (bits - 1) - 1
        s = g.abs().amax(dim=1, keepdim=True) / top
        safe = torch.where(s == 0, torch.ones_like(s), s)
        q = torch.clamp(torch.round(g / safe), -top, top) * safe
    else:
        levels = 2 ** bits - 1
        lo, hi = g.amin(dim=1, keepdim=True), g.amax(dim=1, keepdim=True)
        s = (hi - lo) / levels
        safe = torch.where(s == 0, torch.ones_like(s), s)
        z = torch.round(-lo / safe)
        q = (torch.clamp(torch.round(g / safe) + z, 0, levels) - z) * safe
    q = torch.where(s == 0, g, q)
    return q.reshape(rows, cols)


def main():
    cli = sys.argv[1] if len(sys.argv) > 1 else ROOT + "/build/engine/cli/mllab-cli"
    matrices = block_matrices()
    worst = 0.0
    for bits, granularity, group, scheme in [(4, "g32", 32, "sym"), (4, "g32", 32, "asym"),
                                             (8, "row", 0, "sym"), (3, "tensor", -1, "asym"),
                                             (2, "g128", 128, "sym")]:
        run = subprocess.run([cli, "lab", "quantization", "--set", "preset=custom", "--set",
                              f"bits={bits}", "--set", f"granularity={granularity}", "--set",
                              f"scheme={scheme}", "--set", "text_bytes=500"],
                             capture_output=True, text=True, check=True)
        tensors = json.loads(run.stdout)["result"]["tensors"]
        refs = []
        for t in tensors:
            w = matrices[t["name"]]
            refs.append(float((w - quantize(w, bits, group, scheme)).norm() / w.norm()))
            worst = max(worst, abs(refs[-1] - t["rel_rmse"]) / refs[-1])
        print(f"{bits}-bit {scheme} {granularity}: {len(tensors)} tensors, block0 qkv rel_rmse "
              f"{tensors[0]['rel_rmse']:.6f} (torch {refs[0]:.6f})")
    print(f"largest relative difference over every tensor and setting: {worst:.2e}")


if __name__ == "__main__":
    main()
