#!/usr/bin/python3
"""Checkpoint write/read speed side by side: MLLab's safetensors code against torch.save/load.

Runs bench_safetensors (Google Benchmark) and, in the same run on the same disk, PyTorch's own
checkpoint format on the same 40 float32 [256, 256] tensors (10.5 MB). Both writes end with
fsync; MLLab's also renames a temporary file into place. Reads are from the page cache.

Usage: /usr/bin/python3 bench/safetensors_vs_torch.py [--bench build-bench/bench/bench_safetensors]
"""

import argparse
import json
import os
import statistics
import subprocess
import tempfile
import time

import torch

REPEATS = 20


def median_ms(action):
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def torch_times(folder):
    state = {f"blocks.{t}.weight": (torch.arange(256 * 256, dtype=torch.float32) % 1000 * 0.001
                                    - t).reshape(256, 256) for t in range(40)}
    path = os.path.join(folder, "peer_checkpoint.pt")

    def save():
        with open(path, "wb") as stream:
            torch.save(state, stream)
            stream.flush()
            os.fsync(stream.fileno())

    save()
    size = os.path.getsize(path)
    write = median_ms(save)
    read = median_ms(lambda: torch.load(path))
    os.remove(path)
    return write, read, size


def mllab_times(binary, folder):
    output = subprocess.run([binary, "--benchmark_format=json"], check=True, capture_output=True,
                            text=True, env={**os.environ, "MLLAB_BENCH_DIR": folder}).stdout
    times = {b["name"].split("/")[0]: b["real_time"] for b in json.loads(output)["benchmarks"]}
    return times


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", default="build-bench/bench/bench_safetensors")
    parser.add_argument("--dir", default=".", help="folder on the disk to measure")
    arguments = parser.parse_args()
    torch.set_num_threads(1)
    with tempfile.TemporaryDirectory(dir=arguments.dir) as folder:
        ours = mllab_times(arguments.bench, folder)
        write, read, size = torch_times(folder)
    print(f"10.5 MB checkpoint (torch.save file: {size / 1e6:.1f} MB); MLLab: mean per iteration"
          f" (Google Benchmark), PyTorch: median of {REPEATS}; ratio = PyTorch / MLLab time")
    print(f"{'operation':<28}{'MLLab ms':>10}{'PyTorch ms':>12}{'ratio':>8}")
    for name, peer, label in (("BM_WriteFile", write, "write + fsync (file)"),
                              ("BM_ReadFile", read, "read + validate (file)")):
        print(f"{label:<28}{ours[name]:>10.2f}{peer:>12.2f}{peer / ours[name]:>7.1f}x")
    print(f"{'encode in memory':<28}{ours['BM_Encode']:>10.2f}")
    print(f"{'decode + validate in memory':<28}{ours['BM_Decode']:>10.2f}")


if __name__ == "__main__":
    main()
