#!/usr/bin/env python3
"""Bits per byte of the shipped model against compressors on ML prose it never trained on.

The training corpus is built as `mllab-cli lm train --corpus content/questions` builds it (every
*.md file below the folder, sorted by path, each followed by a blank line). The trainer holds out
the last 10% of the tokens for validation; the held-out text here is the last 9% of the bytes, so
it lies inside that validation tail. A compressor's cost of a text given the corpus as context is
size(compress(corpus + text)) - size(compress(corpus)).

usage: /usr/bin/python3 bench/lm_quality.py [--model resources/models/tiny-gpt.safetensors]
       [--extra FILE ...]   (more held-out texts, e.g. the seed notes)
"""
import argparse, gzip, json, lzma, pathlib, subprocess, sys, tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent


def corpus_bytes():
    files = sorted(p for p in (ROOT / "content/questions").rglob("*") if p.suffix in (".md", ".txt"))
    return b"".join(p.read_bytes() + b"\n\n" for p in files)


def conditional_bits(compress, context, text):
    return 8 * (len(compress(context + text)) - len(compress(context)))


def xz(data):
    return lzma.compress(data, preset=9 | lzma.PRESET_EXTREME)


def gz(data):
    return gzip.compress(data, compresslevel=9)


def model_bpb(cli, model, text):
    with tempfile.NamedTemporaryFile(suffix=".txt") as f:
        f.write(text)
        f.flush()
        out = subprocess.run([cli, "lm", "eval", "--text-file", f.name, "--model", model],
                             check=True, capture_output=True, text=True).stdout
    return json.loads(out)["bits_per_byte"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default=str(ROOT / "resources/models/tiny-gpt.safetensors"))
    ap.add_argument("--cli", default=str(ROOT / "build/engine/cli/mllab-cli"))
    ap.add_argument("--extra", nargs="*", default=[])
    args = ap.parse_args()
    corpus = corpus_bytes()
    cut = int(len(corpus) * 0.91)
    texts = {"held-out question-bank tail": (corpus[:cut], corpus[cut:])}
    for path in args.extra:
        texts[pathlib.Path(path).name] = (corpus[:cut], pathlib.Path(path).read_bytes())
    print(f"{'text':32} {'bytes':>8} {'model':>7} {'xz -9e':>7} {'gzip -9':>7}   (bits per byte)")
    for name, (context, text) in texts.items():
        row = (model_bpb(args.cli, args.model, text),
               conditional_bits(xz, context, text) / len(text),
               conditional_bits(gz, context, text) / len(text))
        print(f"{name:32} {len(text):8d} {row[0]:7.3f} {row[1]:7.3f} {row[2]:7.3f}")


if __name__ == "__main__":
    sys.exit(main())
