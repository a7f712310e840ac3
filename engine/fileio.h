#pragma once
// The one way the engine opens a file a user named: checked to be a regular file before anything
// can block on it (a FIFO, a device or a folder is refused with a message instead of hanging in
// open() or failing inside std::string), and bounded in size before it is read into memory.

#include <cstdint>
#include <string>

namespace mllab {

/// Largest file read whole into memory (CSV, text, lessons, images): 1 GiB.
constexpr std::uint64_t kMaxReadBytes = std::uint64_t(1) << 30;

/// InputError naming `path` unless it is an existing regular file (symbolic links followed) of
/// at most `maxBytes`; returns its size. `what` names the file in the message ("text file").
std::uint64_t checkRegularFile(const std::string& path, const std::string& what = "file",
                               std::uint64_t maxBytes = kMaxReadBytes);

/// The whole file as bytes, after checkRegularFile; opened without blocking so that a file
/// swapped for a FIFO between the check and the open is still refused.
std::string readRegularFile(const std::string& path, const std::string& what = "file",
                            std::uint64_t maxBytes = kMaxReadBytes);

} // namespace mllab
