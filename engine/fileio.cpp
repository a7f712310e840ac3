#include "engine/fileio.h"

#include "engine/progress.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace mllab {
namespace {

std::string quoted(const std::string& path)
{
    return "'" + path + "'";
}

std::string kindOf(mode_t mode)
{
    if (S_ISDIR(mode))
        return "a folder";
    if (S_ISFIFO(mode))
        return "a FIFO (named pipe)";
    if (S_ISSOCK(mode))
        return "a socket";
    if (S_ISCHR(mode) || S_ISBLK(mode))
        return "a device";
    return "not a regular file";
}

std::string mebibytes(std::uint64_t bytes)
{
    return bytes < (1u << 20) ? std::to_string(bytes) + " bytes"
                              : std::to_string(bytes >> 20) + " MiB";
}

std::uint64_t checkedSize(const struct stat& info, const std::string& path, const std::string& what,
                          std::uint64_t maxBytes)
{
    if (!S_ISREG(info.st_mode))
        throw InputError("cannot read the " + what + " " + quoted(path) + ": it is " +
                         kindOf(info.st_mode) + ", not a regular file");
    const auto size = static_cast<std::uint64_t>(info.st_size);
    if (size > maxBytes)
        throw InputError("the " + what + " " + quoted(path) + " is " + mebibytes(size) +
                         ", larger than the " + mebibytes(maxBytes) + " MLLab reads");
    return size;
}

/// Closes the descriptor on every path out.
struct FileDescriptor {
    int fd = -1;
    ~FileDescriptor()
    {
        if (fd >= 0)
            ::close(fd);
    }
};

} // namespace

std::uint64_t checkRegularFile(const std::string& path, const std::string& what,
                               std::uint64_t maxBytes)
{
    if (path.empty())
        throw InputError("no " + what + " given (an empty path)");
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0)
        throw InputError("cannot open " + quoted(path) + ": " + std::strerror(errno));
    return checkedSize(info, path, what, maxBytes);
}

std::string readRegularFile(const std::string& path, const std::string& what,
                            std::uint64_t maxBytes)
{
    checkRegularFile(path, what, maxBytes);
    FileDescriptor file{::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC)};
    if (file.fd < 0)
        throw InputError("cannot open the " + what + " " + quoted(path) + ": " +
                         std::strerror(errno));
    struct stat info {};
    if (::fstat(file.fd, &info) != 0)
        throw InputError("cannot read the " + what + " " + quoted(path) + ": " +
                         std::strerror(errno));
    const std::uint64_t size = checkedSize(info, path, what, maxBytes);
    std::string bytes(static_cast<std::size_t>(size), '\0');
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::read(file.fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            throw InputError("reading the " + what + " " + quoted(path) +
                             " failed: " + std::strerror(errno));
        if (n == 0)
            break; // the file shrank while being read: keep what is there
        done += static_cast<std::size_t>(n);
    }
    bytes.resize(done);
    return bytes;
}

} // namespace mllab
