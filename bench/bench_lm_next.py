#!/usr/bin/python3
"""`mllab-cli lm next` as a whole process against Python + PyTorch doing the same, in one run.

Times, as whole processes started from this script (median of --runs, after one untimed run of
each so that every file is in the page cache):
  - `mllab-cli lm next --prompt "The learning rate"` (load the shipped checkpoint, tokenize, one
    forward pass, top-10 JSON): on the CPU mllab-cli answers it with the torch-free inference of
    engine/lm/cpu_gpt.h, without loading libtorch;
  - `mllab-cli-torch lm next` with the same arguments: the libtorch model (what mllab-cli ran
    before, and still runs for other devices);
  - `python3 -c "import torch"` alone;
  - Python + PyTorch 1.13: import torch, read the same safetensors file, run the same model
    (written with torch.nn.functional) on the same token ids, top-10 next tokens.
The token ids come from `mllab-cli tokenize` beforehand (not timed); the script checks that both
sides rank the same ten tokens (and that mllab-cli-torch does too). With --ld-stats it also prints the dynamic loader's own figures
for mllab-cli (LD_DEBUG=statistics: relocations and startup time in the loader).

usage: /usr/bin/python3 bench/bench_lm_next.py [--cli build/engine/cli/mllab-cli] [--runs 9]
       [--model resources/models/tiny-gpt.safetensors] [--ld-stats]
"""
import argparse
import json
import os
import pathlib
import statistics
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
PROMPT = "The learning rate"


def child(model_path, ids):
    """The peer: runs in a fresh interpreter, prints the top-10 token ids as JSON."""
    import struct

    import torch
    import torch.nn.functional as F

    with open(model_path, "rb") as stream:
        blob = stream.read()
    (header_length,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8:8 + header_length])
    meta = header.pop("__metadata__")
    data = memoryview(blob)[8 + header_length:]
    w = {name: torch.frombuffer(data[e["data_offsets"][0]:e["data_offsets"][1]], dtype=torch.float32)
         .view(e["shape"]) for name, e in header.items()}
    layers, heads, width = int(meta["layers"]), int(meta["heads"]), int(meta["width"])
    with torch.inference_mode():
        idx = torch.tensor(ids)
        t = len(ids)
        x = w["tok.weight"][idx] + w["pos.weight"][:t]
        mask = torch.ones(t, t, dtype=torch.bool).triu(1)
        for i in range(layers):
            p = lambda n: w[f"block{i}.{n}"]
            h = F.layer_norm(x, (width,), p("ln1.weight"), p("ln1.bias"))
            q, k, v = F.linear(h, p("attn.qkv.weight"), p("attn.qkv.bias")).view(t, 3, heads, -1).permute(1, 2, 0, 3)
            s = (q @ k.transpose(-2, -1) / (width // heads) ** 0.5).masked_fill(mask, float("-inf"))
            y = (s.softmax(-1) @ v).transpose(0, 1).reshape(t, width)
            x = x + F.linear(y, p("attn.proj.weight"), p("attn.proj.bias"))
            h = F.gelu(F.linear(F.layer_norm(x, (width,), p("ln2.weight"), p("ln2.bias")),
                                p("fc.weight"), p("fc.bias")))
            x = x + F.linear(h, p("out.weight"), p("out.bias"))
        logits = F.layer_norm(x[-1], (width,), w["lnf.weight"], w["lnf.bias"]) @ w["tok.weight"].t()
        print(json.dumps(torch.topk(logits.softmax(-1), 10).indices.tolist()))


def run(command, env=None):
    start = time.perf_counter()
    out = subprocess.run(command, check=True, capture_output=True, text=True, env=env).stdout
    return time.perf_counter() - start, out


def median_s(command, runs):
    run(command)  # page cache
    return statistics.median(run(command)[0] for _ in range(runs))


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        child(sys.argv[2], json.loads(sys.argv[3]))
        return
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", default=str(ROOT / "build/engine/cli/mllab-cli"))
    ap.add_argument("--torch-cli", default=None,
                    help="default: mllab-cli-torch next to --cli")
    ap.add_argument("--model", default=str(ROOT / "resources/models/tiny-gpt.safetensors"))
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--ld-stats", action="store_true")
    args = ap.parse_args()

    ids = json.loads(run([args.cli, "tokenize", "--text", PROMPT, "--model", args.model])[1])["ids"]
    ours_cmd = [args.cli, "lm", "next", "--prompt", PROMPT, "--model", args.model]
    torch_cli = args.torch_cli or str(pathlib.Path(args.cli).parent / "mllab-cli-torch")
    torch_cmd = [torch_cli] + ours_cmd[1:]
    peer_cmd = [sys.executable, __file__, "--child", args.model, json.dumps(ids)]
    ours_top = [t["id"] for t in json.loads(run(ours_cmd)[1])["tokens"]]
    peer_top = json.loads(run(peer_cmd)[1])
    torch_top = [t["id"] for t in json.loads(run(torch_cmd)[1])["tokens"]]
    if ours_top != peer_top or torch_top != peer_top:
        sys.exit(f"the sides rank different tokens: {ours_top}, {torch_top} vs {peer_top}")

    ours = median_s(ours_cmd, args.runs)
    with_torch = median_s(torch_cmd, args.runs)
    import_only = median_s([sys.executable, "-c", "import torch"], args.runs)
    peer = median_s(peer_cmd, args.runs)
    print(f"prompt {PROMPT!r} ({len(ids)} tokens), same top-10 on both sides; medians of {args.runs} runs")
    print(f"{'process':<44}{'wall s':>8}")
    print(f"{'mllab-cli lm next':<44}{ours:8.3f}")
    print(f"{'mllab-cli-torch lm next (libtorch)':<44}{with_torch:8.3f}")
    print(f"{'python3 -c ' + repr('import torch'):<44}{import_only:8.3f}")
    print(f"{'python3: import torch + load + first logits':<44}{peer:8.3f}")
    print(f"ratio (Python + PyTorch / mllab-cli): {peer / ours:.2f}x")
    print(f"ratio (mllab-cli-torch / mllab-cli): {with_torch / ours:.2f}x")
    if args.ld_stats:
        env = {**os.environ, "LD_DEBUG": "statistics"}
        result = subprocess.run(ours_cmd, capture_output=True, text=True, env=env)
        for line in result.stderr.splitlines():
            if "startup time" in line or "relocations" in line or "loaded objects" in line:
                print("  ld.so:", line.split(":", 1)[1].strip())


if __name__ == "__main__":
    main()
