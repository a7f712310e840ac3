#include "engine/lm/safetensors.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <set>
#include <sstream>
#include <string_view>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace mllab {
namespace {

using Json = nlohmann::json;

constexpr const char* kMetadataKey = "__metadata__";
constexpr std::size_t kLengthBytes = 8;

struct DTypeInfo {
    DType dtype;
    const char* name;
    std::size_t size;
};

constexpr DTypeInfo kDTypes[] = {
    {DType::F64, "F64", 8}, {DType::F32, "F32", 4}, {DType::F16, "F16", 2},
    {DType::BF16, "BF16", 2}, {DType::I64, "I64", 8}, {DType::I32, "I32", 4},
    {DType::I16, "I16", 2}, {DType::I8, "I8", 1}, {DType::U8, "U8", 1},
    {DType::Bool, "BOOL", 1},
};

const DTypeInfo& info(DType dtype)
{
    for (const auto& entry : kDTypes) {
        if (entry.dtype == dtype)
            return entry;
    }
    throw InputError("unknown dtype value " + std::to_string(static_cast<int>(dtype)));
}

std::string knownDTypeList()
{
    std::string list;
    for (const auto& entry : kDTypes)
        list += (list.empty() ? "" : ", ") + std::string(entry.name);
    return list;
}

/// A name in quotes, cut (at a UTF-8 boundary) so that a corrupt header cannot flood messages.
std::string inQuotes(const std::string& text)
{
    constexpr std::size_t kLongest = 200;
    if (text.size() <= kLongest)
        return "'" + text + "'";
    std::size_t cut = kLongest;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
        --cut;
    return "'" + text.substr(0, cut) + "...'";
}

/// "1 byte", "5 bytes".
std::string byteCount(std::uint64_t count)
{
    return std::to_string(count) + (count == 1 ? " byte" : " bytes");
}

/// A JSON value as messages show it, cut short so that a corrupt header cannot flood them.
std::string shortDump(const Json& value)
{
    const std::string text = value.dump();
    return text.size() <= 40 ? text : text.substr(0, 37) + "...";
}

/// Index of the first byte that breaks UTF-8 (overlong forms, surrogates and code points above
/// U+10FFFF included), or npos when the text is valid.
std::size_t invalidUtf8At(std::string_view text)
{
    std::size_t i = 0;
    while (i < text.size()) {
        const auto byte = static_cast<unsigned char>(text[i]);
        std::size_t length = 0;
        std::uint32_t codePoint = 0;
        if (byte < 0x80) {
            ++i;
            continue;
        } else if ((byte & 0xE0) == 0xC0) {
            length = 2;
            codePoint = byte & 0x1F;
        } else if ((byte & 0xF0) == 0xE0) {
            length = 3;
            codePoint = byte & 0x0F;
        } else if ((byte & 0xF8) == 0xF0) {
            length = 4;
            codePoint = byte & 0x07;
        } else {
            return i;
        }
        if (i + length > text.size())
            return i;
        for (std::size_t k = 1; k < length; ++k) {
            const auto next = static_cast<unsigned char>(text[i + k]);
            if ((next & 0xC0) != 0x80)
                return i;
            codePoint = (codePoint << 6) | (next & 0x3F);
        }
        const std::uint32_t smallest[] = {0, 0, 0x80, 0x800, 0x10000};
        if (codePoint < smallest[length] || codePoint > 0x10FFFF ||
            (codePoint >= 0xD800 && codePoint <= 0xDFFF))
            return i;
        i += length;
    }
    return std::string_view::npos;
}

std::uint64_t readU64Le(const std::uint8_t* bytes)
{
    std::uint64_t value = 0;
    for (int k = 7; k >= 0; --k)
        value = (value << 8) | bytes[k];
    return value;
}

void appendU64Le(std::vector<std::uint8_t>& out, std::uint64_t value)
{
    for (int k = 0; k < 8; ++k)
        out.push_back(static_cast<std::uint8_t>(value >> (8 * k)));
}

// ---- header parsing ---------------------------------------------------------------------------

/// One tensor as the header describes it, before its bytes are read.
struct Entry {
    std::string name;
    DType dtype = DType::F32;
    std::vector<std::int64_t> shape;
    std::uint64_t begin = 0;
    std::uint64_t end = 0;
};

struct Header {
    std::map<std::string, std::string> metadata;
    std::vector<Entry> entries;  ///< in name order
};

/// Rejects, while nlohmann parses, what its DOM would hide or what no header needs: duplicate
/// keys (the DOM keeps the last), nesting deeper than root -> entry -> array, and huge arrays.
class HeaderGuard {
public:
    explicit HeaderGuard(const std::string& source) : m_source(source) {}

    bool operator()(int depth, Json::parse_event_t event, Json& parsed)
    {
        using Event = Json::parse_event_t;
        if (event == Event::object_start || event == Event::array_start) {
            if (depth > 2)
                fail("the header nests objects or arrays deeper than a safetensors header can");
            if (event == Event::object_start)
                m_keys.emplace_back();
            m_arrayLength = 0;
        } else if (event == Event::object_end) {
            m_keys.pop_back();
        } else if (event == Event::key) {
            const std::string key = parsed.get<std::string>();
            if (depth == 1)
                m_tensor = key;
            if (!m_keys.back().insert(key).second)
                fail(depth == 1 ? "tensor " + inQuotes(key) + " appears twice in the header"
                                : "key " + inQuotes(key) + " appears twice in the entry of " +
                                      inQuotes(m_tensor));
        } else if (event == Event::value && depth == 3 && ++m_arrayLength > kSafetensorsMaxRank) {
            fail("an array in the entry of " + inQuotes(m_tensor) + " has more than " +
                 std::to_string(kSafetensorsMaxRank) + " elements");
        }
        return true;
    }

private:
    [[noreturn]] void fail(const std::string& problem) const
    {
        throw InputError(m_source + ": " + problem);
    }

    const std::string& m_source;
    std::vector<std::set<std::string>> m_keys;
    std::string m_tensor;
    std::size_t m_arrayLength = 0;
};

class HeaderParser {
public:
    HeaderParser(std::string_view text, std::uint64_t dataSize, const std::string& source)
        : m_text(text), m_dataSize(dataSize), m_source(source)
    {
    }

    Header parse()
    {
        const Json root = parseJson();
        Header header;
        for (const auto& [name, value] : root.items()) {
            if (name == kMetadataKey)
                header.metadata = parseMetadata(value);
            else
                header.entries.push_back(parseEntry(name, value));
        }
        checkLayout(header.entries);
        return header;
    }

private:
    [[noreturn]] void fail(const std::string& problem) const
    {
        throw InputError(m_source + ": " + problem);
    }

    Json parseJson() const
    {
        const std::size_t badByte = invalidUtf8At(m_text);
        if (badByte != std::string_view::npos)
            fail("the header is not valid UTF-8 (byte " + std::to_string(badByte) +
                 " of the header)");
        if (m_text.empty() || m_text.front() != '{')
            fail("the header does not begin with '{' (a safetensors header is a JSON object)");
        const std::size_t last = m_text.find_last_not_of(' ');
        if (m_text[last] != '}')
            fail("the header JSON is not an object followed only by space padding");
        try {
            return Json::parse(m_text.begin(), m_text.begin() + last + 1, HeaderGuard(m_source));
        } catch (const Json::exception& e) {  // parse errors, and number overflow (1e400)
            std::string what = e.what();
            const std::size_t bracket = what.find("] ");
            if (bracket != std::string::npos)
                what = what.substr(bracket + 2);
            fail("the header is not valid JSON: " + what);
        }
    }

    std::map<std::string, std::string> parseMetadata(const Json& value) const
    {
        if (!value.is_object())
            fail("\"__metadata__\" is a JSON " + std::string(value.type_name()) +
                 ", expected an object of strings");
        std::map<std::string, std::string> metadata;
        for (const auto& [key, text] : value.items()) {
            if (!text.is_string())
                fail("\"__metadata__\" value of " + inQuotes(key) + " is a JSON " +
                     text.type_name() + ", expected a string");
            metadata[key] = text.get<std::string>();
        }
        return metadata;
    }

    Entry parseEntry(const std::string& name, const Json& value) const
    {
        const std::string tensor = "tensor " + inQuotes(name);
        if (!value.is_object())
            fail(tensor + " is described by a JSON " + value.type_name() + ", expected an object");
        for (const char* key : {"dtype", "shape", "data_offsets"}) {
            if (!value.contains(key))
                fail(tensor + " lacks \"" + key + "\"");
        }
        for (const auto& item : value.items()) {
            if (item.key() != "dtype" && item.key() != "shape" && item.key() != "data_offsets")
                fail(tensor + " has an unknown key " + inQuotes(item.key()));
        }
        Entry entry;
        entry.name = name;
        entry.dtype = parseDType(tensor, value["dtype"]);
        entry.shape = parseShape(tensor, value["shape"]);
        parseOffsets(tensor, value["data_offsets"], entry);
        checkSpan(tensor, entry);
        return entry;
    }

    DType parseDType(const std::string& tensor, const Json& value) const
    {
        if (!value.is_string())
            fail(tensor + " has a dtype that is a JSON " + value.type_name() + ", not a string");
        DType dtype;
        if (!dtypeFromName(value.get<std::string>(), dtype))
            fail(tensor + " has unknown dtype " + inQuotes(value.get<std::string>()) +
                 " (known: " + knownDTypeList() + ")");
        return dtype;
    }

    /// A non-negative integer that fits in `limit`; `what` names it in messages.
    std::uint64_t parseCount(const std::string& what, const Json& value, std::uint64_t limit) const
    {
        if (value.is_number_unsigned()) {
            const auto count = value.get<std::uint64_t>();
            if (count > limit)
                fail(what + " is " + std::to_string(count) + ", above " + std::to_string(limit));
            return count;
        }
        if (value.is_number_integer())
            fail(what + " is negative (" + std::to_string(value.get<std::int64_t>()) + ")");
        fail(what + " is " + shortDump(value) + ", not a non-negative integer");
    }

    std::vector<std::int64_t> parseShape(const std::string& tensor, const Json& value) const
    {
        if (!value.is_array())
            fail(tensor + " has a shape that is a JSON " + value.type_name() + ", not an array");
        std::vector<std::int64_t> shape;
        for (std::size_t i = 0; i < value.size(); ++i) {
            const std::string what = tensor + " shape entry " + std::to_string(i);
            shape.push_back(static_cast<std::int64_t>(
                parseCount(what, value[i], std::numeric_limits<std::int64_t>::max())));
        }
        return shape;
    }

    void parseOffsets(const std::string& tensor, const Json& value, Entry& entry) const
    {
        if (!value.is_array() || value.size() != 2)
            fail(tensor + " has data_offsets " + shortDump(value) + ", expected [begin, end]");
        const auto limit = std::numeric_limits<std::uint64_t>::max();
        entry.begin = parseCount(tensor + " data_offsets begin", value[0], limit);
        entry.end = parseCount(tensor + " data_offsets end", value[1], limit);
        if (entry.begin > entry.end)
            fail(tensor + " has data_offsets " + offsetsText(entry) +
                 " out of order (begin after end)");
    }

    /// Element count times dtype size must equal the span of the offsets.
    void checkSpan(const std::string& tensor, const Entry& entry) const
    {
        const std::uint64_t span = entry.end - entry.begin;
        std::uint64_t bytes = dtypeSize(entry.dtype);
        bool overflow = false;
        bool empty = false;
        for (const std::int64_t dim : entry.shape) {
            empty = empty || dim == 0;
            overflow = overflow || __builtin_mul_overflow(bytes, std::uint64_t(dim), &bytes);
        }
        if (empty)
            bytes = 0;
        if (overflow && !empty)
            fail(tensor + " has shape " + shapeText(entry.shape) +
                 ", too large for any file (more than 2^64 bytes)");
        if (bytes != span)
            fail(tensor + " has shape " + shapeText(entry.shape) + " of " +
                 dtypeName(entry.dtype) + " (" + std::to_string(bytes) +
                 " bytes) but data_offsets " + offsetsText(entry) + " span " +
                 std::to_string(span) + " bytes");
    }

    /// Sorted by offset, tensors must tile the data buffer exactly: no gap, no overlap, nothing
    /// past its end and nothing after the last tensor.
    void checkLayout(const std::vector<Entry>& entries) const
    {
        std::vector<const Entry*> order;
        for (const auto& entry : entries)
            order.push_back(&entry);
        std::sort(order.begin(), order.end(), [](const Entry* a, const Entry* b) {
            return a->begin != b->begin ? a->begin < b->begin : a->end < b->end;
        });
        std::uint64_t position = 0;
        const Entry* previous = nullptr;
        for (const Entry* entry : order) {
            if (entry->end > m_dataSize)
                fail("tensor " + inQuotes(entry->name) + " has data_offsets " +
                     offsetsText(*entry) + " past the end of the data buffer (" +
                     std::to_string(m_dataSize) + " bytes; the file may be truncated)");
            if (entry->begin > position)
                fail("gap of " + byteCount(entry->begin - position) + " " +
                     (previous ? "between tensor " + inQuotes(previous->name) + " (ends at " +
                                     std::to_string(position) + ") and "
                               : std::string("before ")) +
                     "tensor " + inQuotes(entry->name) + " (begins at " +
                     std::to_string(entry->begin) + ")");
            if (entry->begin < position)
                fail("tensors " + inQuotes(previous->name) + " " + offsetsText(*previous) +
                     " and " + inQuotes(entry->name) + " " + offsetsText(*entry) + " overlap");
            position = entry->end;
            previous = entry;
        }
        if (position != m_dataSize)
            fail("the data buffer has " + byteCount(m_dataSize - position) +
                 " trailing after the last tensor (tensors end at " +
                 std::to_string(position) + ", the buffer holds " + std::to_string(m_dataSize) +
                 " bytes)");
    }

    static std::string offsetsText(const Entry& entry)
    {
        return "[" + std::to_string(entry.begin) + ", " + std::to_string(entry.end) + "]";
    }

    std::string_view m_text;
    std::uint64_t m_dataSize;
    const std::string& m_source;
};

/// Reads `size` bytes at `offset` of the file or buffer into `out`.
using ReadFn = std::function<void(std::uint64_t offset, std::size_t size, std::uint8_t* out)>;

SafetensorsFile decodeWith(std::uint64_t totalSize, const ReadFn& read, const std::string& source)
{
    if (totalSize < kLengthBytes)
        throw InputError(source + ": file is " + std::to_string(totalSize) +
                         " bytes, shorter than the 8-byte header length of a safetensors file");
    std::uint8_t lengthBytes[kLengthBytes];
    read(0, kLengthBytes, lengthBytes);
    const std::uint64_t headerSize = readU64Le(lengthBytes);
    if (headerSize > kSafetensorsMaxHeaderBytes)
        throw InputError(source + ": header length " + std::to_string(headerSize) +
                         " bytes is above the limit of " +
                         std::to_string(kSafetensorsMaxHeaderBytes) +
                         " (corrupt, or not a safetensors file)");
    if (headerSize > totalSize - kLengthBytes)
        throw InputError(source + ": header length " + std::to_string(headerSize) +
                         " bytes runs past the end of the file (" + std::to_string(totalSize) +
                         " bytes)");
    std::string text(static_cast<std::size_t>(headerSize), '\0');
    read(kLengthBytes, text.size(), reinterpret_cast<std::uint8_t*>(text.data()));
    const std::uint64_t dataStart = kLengthBytes + headerSize;
    Header header = HeaderParser(text, totalSize - dataStart, source).parse();

    SafetensorsFile file;
    file.metadata = std::move(header.metadata);
    file.tensors.reserve(header.entries.size());
    for (auto& entry : header.entries) {
        TensorRecord record;
        record.name = std::move(entry.name);
        record.dtype = entry.dtype;
        record.shape = std::move(entry.shape);
        record.bytes.resize(static_cast<std::size_t>(entry.end - entry.begin));
        if (!record.bytes.empty())
            read(dataStart + entry.begin, record.bytes.size(), record.bytes.data());
        file.tensors.push_back(std::move(record));
    }
    return file;
}

// ---- writing ----------------------------------------------------------------------------------

void checkUtf8(const std::string& text, const std::string& what)
{
    const std::size_t bad = invalidUtf8At(text);
    if (bad != std::string_view::npos)
        throw InputError(what + " is not valid UTF-8 (byte " + std::to_string(bad) + ")");
}

/// The tensors in file order (by name), checked for what the format cannot hold.
std::vector<const TensorRecord*> orderedForWriting(const SafetensorsFile& file)
{
    std::vector<const TensorRecord*> order;
    for (const auto& tensor : file.tensors)
        order.push_back(&tensor);
    std::sort(order.begin(), order.end(),
              [](const TensorRecord* a, const TensorRecord* b) { return a->name < b->name; });
    for (std::size_t i = 0; i < order.size(); ++i) {
        const TensorRecord& tensor = *order[i];
        const std::string what = "tensor " + inQuotes(tensor.name);
        if (tensor.name.empty())
            throw InputError("a tensor has an empty name");
        if (tensor.name == kMetadataKey)
            throw InputError("\"__metadata__\" is reserved and cannot name a tensor");
        checkUtf8(tensor.name, "tensor name " + inQuotes(tensor.name));
        if (i > 0 && order[i - 1]->name == tensor.name)
            throw InputError(what + " appears twice");
        const std::uint64_t expected = std::uint64_t(elementCount(tensor.shape)) *
                                       dtypeSize(tensor.dtype);
        if (tensor.bytes.size() != expected)
            throw InputError(what + " has " + std::to_string(tensor.bytes.size()) +
                             " bytes, but shape " + shapeText(tensor.shape) + " of " +
                             dtypeName(tensor.dtype) + " needs " + std::to_string(expected));
    }
    for (const auto& [key, value] : file.metadata) {
        checkUtf8(key, "metadata key " + inQuotes(key));
        checkUtf8(value, "metadata value of " + inQuotes(key));
    }
    return order;
}

/// The 8-byte length and the padded JSON header for tensors laid out in `order`.
std::vector<std::uint8_t> headerBytes(const SafetensorsFile& file,
                                      const std::vector<const TensorRecord*>& order)
{
    Json root = Json::object();
    if (!file.metadata.empty())
        root[kMetadataKey] = file.metadata;
    std::uint64_t offset = 0;
    for (const TensorRecord* tensor : order) {
        const std::uint64_t end = offset + tensor->bytes.size();
        root[tensor->name] = {{"dtype", dtypeName(tensor->dtype)},
                              {"shape", tensor->shape},
                              {"data_offsets", {offset, end}}};
        offset = end;
    }
    std::string text = root.dump();
    text.append((8 - text.size() % 8) % 8, ' ');
    std::vector<std::uint8_t> out;
    out.reserve(kLengthBytes + text.size());
    appendU64Le(out, text.size());
    out.insert(out.end(), text.begin(), text.end());
    return out;
}

std::string systemError(const std::string& action, const std::string& path)
{
    return "cannot " + action + " " + inQuotes(path) + ": " + std::strerror(errno);
}

/// A temporary file beside the target; removed unless commit() renamed it over the target.
class AtomicFile {
public:
    explicit AtomicFile(const std::string& path) : m_path(path)
    {
        static std::atomic<unsigned> counter{0};
        for (int attempt = 0; attempt < 100 && m_fd < 0; ++attempt) {
            m_tempPath = path + ".tmp-" + std::to_string(::getpid()) + "-" +
                         std::to_string(counter++);
            m_fd = ::open(m_tempPath.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
            if (m_fd < 0 && errno != EEXIST)
                break;
        }
        if (m_fd < 0)
            throw InputError(systemError("write", path));
    }

    ~AtomicFile()
    {
        if (m_fd >= 0)
            ::close(m_fd);
        if (!m_committed)
            ::unlink(m_tempPath.c_str());
    }

    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    void write(const std::uint8_t* data, std::size_t size)
    {
        while (size > 0) {
            const ssize_t written = ::write(m_fd, data, std::min<std::size_t>(size, 1 << 30));
            if (written < 0 && errno == EINTR)
                continue;
            if (written <= 0)
                throw InputError(systemError("write", m_path));
            data += written;
            size -= static_cast<std::size_t>(written);
        }
    }

    void commit()
    {
        if (::fsync(m_fd) != 0)
            throw InputError(systemError("write", m_path));
        const int fd = m_fd;
        m_fd = -1;
        if (::close(fd) != 0)
            throw InputError(systemError("write", m_path));
        if (::rename(m_tempPath.c_str(), m_path.c_str()) != 0)
            throw InputError(systemError("replace", m_path));
        m_committed = true;
        syncFolder();
    }

private:
    /// Makes the rename itself durable; a failure here cannot undo it, so it is not an error.
    void syncFolder() const
    {
        std::string folder = std::filesystem::path(m_path).parent_path().string();
        const int fd = ::open(folder.empty() ? "." : folder.c_str(), O_RDONLY | O_DIRECTORY);
        if (fd >= 0) {
            ::fsync(fd);
            ::close(fd);
        }
    }

    std::string m_path;
    std::string m_tempPath;
    int m_fd = -1;
    bool m_committed = false;
};

} // namespace

std::size_t dtypeSize(DType dtype) { return info(dtype).size; }

std::string dtypeName(DType dtype) { return info(dtype).name; }

bool dtypeFromName(const std::string& name, DType& dtype)
{
    for (const auto& entry : kDTypes) {
        if (name == entry.name) {
            dtype = entry.dtype;
            return true;
        }
    }
    return false;
}

std::vector<DType> allDTypes()
{
    std::vector<DType> all;
    for (const auto& entry : kDTypes)
        all.push_back(entry.dtype);
    return all;
}

std::int64_t elementCount(const std::vector<std::int64_t>& shape)
{
    std::int64_t count = 1;
    bool overflow = false;
    for (const std::int64_t dim : shape) {
        if (dim < 0)
            throw InputError("shape " + shapeText(shape) + " has a negative dimension");
        overflow = overflow || __builtin_mul_overflow(count, dim, &count);
    }
    if (std::find(shape.begin(), shape.end(), 0) != shape.end())
        return 0;
    if (overflow)
        throw InputError("shape " + shapeText(shape) + " has too many elements");
    return count;
}

std::string shapeText(const std::vector<std::int64_t>& shape)
{
    std::string text = "[";
    for (std::size_t i = 0; i < shape.size(); ++i)
        text += (i ? ", " : "") + std::to_string(shape[i]);
    return text + "]";
}

const TensorRecord* SafetensorsFile::find(const std::string& name) const
{
    for (const auto& tensor : tensors) {
        if (tensor.name == name)
            return &tensor;
    }
    return nullptr;
}

TensorRecord makeF32Tensor(const std::string& name, const std::vector<std::int64_t>& shape,
                           const std::vector<float>& values)
{
    const std::int64_t count = elementCount(shape);
    if (values.size() != static_cast<std::uint64_t>(count))
        throw InputError("tensor " + inQuotes(name) + " has " + std::to_string(values.size()) +
                         " values but shape " + shapeText(shape) + " holds " +
                         std::to_string(count));
    TensorRecord record{name, DType::F32, shape, {}};
    record.bytes.reserve(values.size() * 4);
    for (const float value : values) {
        std::uint32_t bits;
        std::memcpy(&bits, &value, 4);
        for (int k = 0; k < 4; ++k)
            record.bytes.push_back(static_cast<std::uint8_t>(bits >> (8 * k)));
    }
    return record;
}

std::vector<float> f32Values(const TensorRecord& tensor)
{
    if (tensor.dtype != DType::F32)
        throw InputError("tensor " + inQuotes(tensor.name) + " is " + dtypeName(tensor.dtype) +
                         ", expected F32");
    std::vector<float> values(tensor.bytes.size() / 4);
    for (std::size_t i = 0; i < values.size(); ++i) {
        const std::uint8_t* b = &tensor.bytes[4 * i];
        const std::uint32_t bits = std::uint32_t(b[0]) | std::uint32_t(b[1]) << 8 |
                                   std::uint32_t(b[2]) << 16 | std::uint32_t(b[3]) << 24;
        std::memcpy(&values[i], &bits, 4);
    }
    return values;
}

std::vector<std::uint8_t> encodeSafetensors(const SafetensorsFile& file)
{
    const auto order = orderedForWriting(file);
    std::vector<std::uint8_t> out = headerBytes(file, order);
    std::size_t total = out.size();
    for (const TensorRecord* tensor : order)
        total += tensor->bytes.size();
    out.reserve(total);
    for (const TensorRecord* tensor : order)
        out.insert(out.end(), tensor->bytes.begin(), tensor->bytes.end());
    return out;
}

SafetensorsFile decodeSafetensors(const std::uint8_t* data, std::size_t size,
                                  const std::string& source)
{
    return decodeWith(
        size,
        [data](std::uint64_t offset, std::size_t count, std::uint8_t* out) {
            std::memcpy(out, data + offset, count);
        },
        source);
}

SafetensorsFile decodeSafetensors(const std::vector<std::uint8_t>& bytes,
                                  const std::string& source)
{
    return decodeSafetensors(bytes.data(), bytes.size(), source);
}

void writeSafetensors(const std::string& path, const SafetensorsFile& file)
{
    std::vector<const TensorRecord*> order;
    try {
        order = orderedForWriting(file);
    } catch (const InputError& e) {
        throw InputError("cannot write " + inQuotes(path) + ": " + e.what());
    }
    const std::vector<std::uint8_t> header = headerBytes(file, order);
    AtomicFile out(path);
    out.write(header.data(), header.size());
    for (const TensorRecord* tensor : order)
        out.write(tensor->bytes.data(), tensor->bytes.size());
    out.commit();
}

SafetensorsFile readSafetensors(const std::string& path)
{
    std::error_code error;
    if (!std::filesystem::is_regular_file(path, error))
        throw InputError("cannot read checkpoint " + inQuotes(path) + ": " +
                         (std::filesystem::exists(path, error) ? "not a regular file"
                                                               : "no such file"));
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw InputError(systemError("read", path));
    in.seekg(0, std::ios::end);
    const std::streamoff size = in.tellg();
    if (size < 0)
        throw InputError(systemError("read", path));
    const auto read = [&](std::uint64_t offset, std::size_t count, std::uint8_t* out) {
        in.seekg(static_cast<std::streamoff>(offset));
        in.read(reinterpret_cast<char*>(out), static_cast<std::streamsize>(count));
        if (!in || static_cast<std::size_t>(in.gcount()) != count)
            throw InputError(path + ": the file ended early or could not be read (it changed "
                                    "while being read?)");
    };
    return decodeWith(static_cast<std::uint64_t>(size), read, path);
}

namespace {

/// Element `i` of an F32 or F64 record as a double.
double floatElement(const TensorRecord& tensor, std::size_t i)
{
    if (tensor.dtype == DType::F64) {
        double v = 0;
        std::memcpy(&v, tensor.bytes.data() + i * 8, 8);
        return v;
    }
    float v = 0;
    std::memcpy(&v, tensor.bytes.data() + i * 4, 4);
    return v;
}

/// A weight that is NaN, infinite or so large that the forward pass overflows float32 would
/// make every logit NaN while the model "loads": refuse it with its tensor and position.
void checkWeightValues(const TensorRecord& tensor, const std::string& source)
{
    if (tensor.dtype != DType::F32 && tensor.dtype != DType::F64)
        return;
    const std::size_t count = tensor.bytes.size() / dtypeSize(tensor.dtype);
    for (std::size_t i = 0; i < count; ++i) {
        const double v = floatElement(tensor, i);
        if (std::isfinite(v) && std::abs(v) <= kMaxWeightMagnitude)
            continue;
        std::ostringstream value;
        value << v;
        throw InputError(source + ": tensor " + inQuotes(tensor.name) + " holds " + value.str() +
                         " at element " + std::to_string(i) +
                         "; weights must be finite and at most " +
                         "1e6 in magnitude (the file is damaged or not a trained model)");
    }
}

} // namespace

void checkTensors(const SafetensorsFile& file, const std::vector<TensorSpec>& expected,
                  const std::string& source)
{
    const auto describe = [](DType dtype, const std::vector<std::int64_t>& shape) {
        return dtypeName(dtype) + " " + shapeText(shape);
    };
    std::vector<std::string> missing;
    std::set<std::string> wanted;
    for (const auto& spec : expected) {
        wanted.insert(spec.name);
        const TensorRecord* tensor = file.find(spec.name);
        if (!tensor) {
            missing.push_back("tensor " + inQuotes(spec.name) + " is missing (expected " +
                              describe(spec.dtype, spec.shape) + ")");
            continue;
        }
        if (tensor->shape != spec.shape)
            throw InputError(source + ": tensor " + inQuotes(spec.name) + " has shape " +
                             shapeText(tensor->shape) + ", expected " + shapeText(spec.shape));
        if (tensor->dtype != spec.dtype)
            throw InputError(source + ": tensor " + inQuotes(spec.name) + " has dtype " +
                             dtypeName(tensor->dtype) + ", expected " + dtypeName(spec.dtype) +
                             " (shape " + shapeText(tensor->shape) + " as expected)");
    }
    if (!missing.empty())
        throw InputError(source + ": " + missing.front() +
                         (missing.size() > 1
                              ? "; " + std::to_string(missing.size() - 1) + " more missing"
                              : std::string()));
    std::vector<std::string> unexpected;
    for (const auto& tensor : file.tensors) {
        if (!wanted.count(tensor.name))
            unexpected.push_back(tensor.name + "' (" + describe(tensor.dtype, tensor.shape) + ")");
    }
    if (!unexpected.empty())
        throw InputError(source + ": unexpected tensor '" + unexpected.front() +
                         (unexpected.size() > 1
                              ? "; " + std::to_string(unexpected.size() - 1) + " more unexpected"
                              : std::string()));
    for (const auto& tensor : file.tensors)
        checkWeightValues(tensor, source);
}

} // namespace mllab
