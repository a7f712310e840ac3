// LoRA training steps per second in the lora lab's own loop (engine/labs/lora.cpp): the shipped
// GPT, adapters on the q and v slices of every block's fused qkv at rank 8, batch 4 x 32 tokens,
// AdamW, one intra-op thread (as the lab runs). Plain C++ timer: the lab times its training steps
// (forward, cross-entropy, backward, AdamW step; no evaluations), best of --repeats runs after one
// warm-up run. Prints JSON for bench/lora_vs_torch.py.
//   usage: bench_lora [--steps 60] [--repeats 3] [--rank 8] [--targets q,v]
#include "engine/labs/lora.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>

int main(int argc, char** argv)
{
    mllab::labs::LoraLabParams p;
    p.steps = 60;
    int repeats = 3;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--steps"))
            p.steps = std::stoi(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--repeats"))
            repeats = std::stoi(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--rank"))
            p.rank = std::stoi(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--targets"))
            p.targets = argv[i + 1];
    }
    p.evalEvery = p.steps; // one evaluation at the end: the timer leaves it out anyway
    double lora = 1e300, full = 1e300;
    mllab::labs::computeLoraLab(p); // warm-up: allocator, thread pool, page cache
    for (int i = 0; i < repeats; ++i) {
        const auto r = mllab::labs::computeLoraLab(p);
        lora = std::min(lora, r.loraStepSeconds);
        full = std::min(full, r.fullStepSeconds);
    }
    std::printf("{\"steps\": %d, \"rank\": %d, \"targets\": \"%s\", \"batch\": %d, \"window\": %d, "
                "\"lora_steps_per_s\": %.3f, \"full_steps_per_s\": %.3f}\n",
                p.steps, p.rank, p.targets.c_str(), p.batch, p.window, p.steps / lora,
                p.steps / full);
    return 0;
}
