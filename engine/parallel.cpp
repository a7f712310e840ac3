#include "engine/parallel.h"

#include <algorithm>
#include <exception>
#include <thread>
#include <vector>

namespace mllab {

std::size_t partsFor(std::size_t work, std::size_t minPerPart)
{
    const std::size_t cpus = std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, 8);
    return std::clamp<std::size_t>(work / std::max<std::size_t>(minPerPart, 1), 1, cpus);
}

void runParts(std::size_t parts, const std::function<void(std::size_t part)>& body)
{
    std::vector<std::exception_ptr> errors(parts);
    const auto run = [&](std::size_t part) {
        try {
            body(part);
        } catch (...) {
            errors[part] = std::current_exception();
        }
    };
    std::vector<std::thread> threads;
    threads.reserve(parts > 0 ? parts - 1 : 0);
    for (std::size_t part = 1; part < parts; ++part)
        threads.emplace_back(run, part);
    if (parts > 0)
        run(0);
    for (auto& t : threads)
        t.join();
    for (const auto& e : errors)
        if (e)
            std::rethrow_exception(e);
}

} // namespace mllab
