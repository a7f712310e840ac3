#!/usr/bin/python3
"""The train-eval lab's MLP trained in PyTorch-Python, the same model, optimiser, batch and
threads, against mllab's bench_mlp_train (the lab's own pipeline) in the same run. Prints steps
per second for each normalisation and the ratio mllab / PyTorch-Python.

    /usr/bin/python3 bench/mlp_vs_torch.py build/bench/bench_mlp_train [threads]
"""
import json
import subprocess
import sys
import time

import torch

POINTS, WIDTH, BATCH, EPOCHS, DROPOUT = 80, 64, 32, 200, 0.2


class Net(torch.nn.Module):
    def __init__(self, norm):
        super().__init__()
        self.fc1, self.fc2, self.out = (torch.nn.Linear(1, WIDTH), torch.nn.Linear(WIDTH, WIDTH),
                                        torch.nn.Linear(WIDTH, 1))
        make = {"none": lambda: torch.nn.Identity(),
                "batchnorm": lambda: torch.nn.BatchNorm1d(WIDTH, momentum=0.1),
                "layernorm": lambda: torch.nn.LayerNorm(WIDTH)}[norm]
        self.n1, self.n2 = make(), make()
        self.drop = torch.nn.Dropout(DROPOUT)

    def forward(self, x):
        x = self.drop(torch.relu(self.n1(self.fc1(x))))
        x = self.drop(torch.relu(self.n2(self.fc2(x))))
        return self.out(x)


def train(norm):
    torch.manual_seed(0)
    side = torch.randint(0, 2, (POINTS, 1)).float() * 2 - 1
    x = side * (0.4 + 1.6 * torch.rand(POINTS, 1))
    y = torch.sin(2 * x) + 0.1 * torch.randn(POINTS, 1)
    net = Net(norm)
    adam = torch.optim.Adam(net.parameters(), lr=0.01)
    steps = 0
    net.train()
    for _ in range(EPOCHS):
        order = torch.randperm(POINTS)
        for start in range(0, POINTS, BATCH):
            rows = order[start:start + BATCH]
            adam.zero_grad()
            loss = torch.nn.functional.mse_loss(net(x[rows]), y[rows])
            loss.backward()
            adam.step()
            loss.item()
            steps += 1
    return steps


def best_of(runs, norm):
    best, steps = float("inf"), 0
    for _ in range(runs):
        start = time.perf_counter()
        steps = train(norm)
        best = min(best, time.perf_counter() - start)
    return steps, best


def main():
    binary = sys.argv[1]
    threads = int(sys.argv[2]) if len(sys.argv) > 2 else torch.get_num_threads()
    torch.set_num_threads(threads)
    ours = {}
    out = subprocess.run([binary, str(threads)], check=True, capture_output=True, text=True).stdout
    for line in out.splitlines():
        row = json.loads(line)
        ours[row["norm"]] = row
    print(f"torch {torch.__version__}, {threads} thread(s), batch {BATCH}, width {WIDTH}")
    print("| normalisation | mllab steps/s | PyTorch-Python steps/s | ratio |")
    print("|---|---|---|---|")
    for norm in ("none", "batchnorm", "layernorm"):
        steps, seconds = best_of(3, norm)
        theirs = steps / seconds
        mine = ours[norm]["steps_per_second"]
        print(f"| {norm} | {mine:,.0f} | {theirs:,.0f} | {mine / theirs:.2f}x |")


if __name__ == "__main__":
    main()
