// engine/lm/safetensors: files round-trip exactly, follow the published byte layout (checked by
// an independent parser below), are replaced atomically, and every kind of corrupt file is a
// specific InputError, never a crash or a half-filled result.
#include "engine/lm/safetensors.h"
#include "engine/progress.h"
#include "tests/support/enginetest.h"

#include <nlohmann/json.hpp>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <set>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

using mllab::DType;
using mllab::InputError;
using mllab::SafetensorsFile;
using mllab::TensorRecord;
using Bytes = std::vector<std::uint8_t>;
namespace fs = std::filesystem;

namespace {

/// A fresh folder under the system temp folder, removed with everything in it.
class TempDir {
public:
    TempDir()
    {
        static std::atomic<int> counter{0};
        m_path = fs::temp_directory_path() / ("mllab-tst-safetensors-" +
                                              std::to_string(::getpid()) + "-" +
                                              std::to_string(counter++));
        fs::remove_all(m_path);
        fs::create_directories(m_path);
    }
    ~TempDir() { fs::remove_all(m_path); }
    std::string file(const std::string& name) const { return (m_path / name).string(); }
    std::vector<std::string> entries() const
    {
        std::vector<std::string> names;
        for (const auto& entry : fs::directory_iterator(m_path))
            names.push_back(entry.path().filename().string());
        std::sort(names.begin(), names.end());
        return names;
    }

private:
    fs::path m_path;
};

Bytes readBytes(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void writeBytes(const std::string& path, const Bytes& bytes)
{
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
}

/// A file made by hand: the 8-byte little-endian length of `header`, `header`, then `dataBytes`
/// bytes of a simple pattern.
Bytes craft(const std::string& header, std::size_t dataBytes)
{
    Bytes out;
    for (int k = 0; k < 8; ++k)
        out.push_back(std::uint8_t(std::uint64_t(header.size()) >> (8 * k)));
    out.insert(out.end(), header.begin(), header.end());
    for (std::size_t i = 0; i < dataBytes; ++i)
        out.push_back(std::uint8_t(i * 7 + 1));
    return out;
}

void setHeaderLength(Bytes& file, std::uint64_t length)
{
    for (int k = 0; k < 8; ++k)
        file[k] = std::uint8_t(length >> (8 * k));
}

SafetensorsFile decode(const Bytes& bytes) { return mllab::decodeSafetensors(bytes, "bad.st"); }

/// Bytes of `count` elements of `dtype` in a pattern that differs per dtype (BOOL stays 0/1).
Bytes pattern(DType dtype, std::int64_t count, int salt)
{
    Bytes bytes(std::size_t(count) * mllab::dtypeSize(dtype));
    for (std::size_t i = 0; i < bytes.size(); ++i)
        bytes[i] = dtype == DType::Bool ? std::uint8_t((i + salt) % 2)
                                        : std::uint8_t(i * 31 + salt * 17 + 3);
    return bytes;
}

TensorRecord record(const std::string& name, DType dtype, std::vector<std::int64_t> shape,
                    int salt = 0)
{
    const Bytes bytes = pattern(dtype, mllab::elementCount(shape), salt);
    return TensorRecord{name, dtype, std::move(shape), bytes};
}

void compareFiles(const SafetensorsFile& actual, const SafetensorsFile& expected)
{
    QCOMPARE(actual.metadata, expected.metadata);
    QCOMPARE(actual.tensors.size(), expected.tensors.size());
    for (std::size_t i = 0; i < actual.tensors.size(); ++i) {
        const TensorRecord& a = actual.tensors[i];
        const TensorRecord& e = expected.tensors[i];
        QCOMPARE(a.name, e.name);
        QCOMPARE(mllab::dtypeName(a.dtype), mllab::dtypeName(e.dtype));
        QCOMPARE(a.shape, e.shape);
        QVERIFY2(a.bytes == e.bytes, "bytes of tensor '" + a.name + "' differ");
    }
}

/// The two-tensor file most corruption tests start from: a F32 [2] at [0, 8], b I16 [3] at
/// [8, 14].
const std::string kTwoTensors = R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                                R"("b":{"dtype":"I16","shape":[3],"data_offsets":[8,14]}})";

} // namespace

// ---- round trips and layout -------------------------------------------------------------------

ENGINE_TEST(dtypeNamesAndSizes)
{
    const std::vector<std::pair<std::string, std::size_t>> expected = {
        {"F64", 8}, {"F32", 4}, {"F16", 2}, {"BF16", 2}, {"I64", 8},
        {"I32", 4}, {"I16", 2}, {"I8", 1},  {"U8", 1},   {"BOOL", 1}};
    const auto all = mllab::allDTypes();
    QCOMPARE(all.size(), expected.size());
    for (std::size_t i = 0; i < all.size(); ++i) {
        QCOMPARE(mllab::dtypeName(all[i]), expected[i].first);
        QCOMPARE(mllab::dtypeSize(all[i]), expected[i].second);
        DType parsed = DType::U8;
        QVERIFY(mllab::dtypeFromName(expected[i].first, parsed));
        QVERIFY(parsed == all[i]);
    }
    DType unused;
    QVERIFY(!mllab::dtypeFromName("f32", unused));
    QVERIFY(!mllab::dtypeFromName("U16", unused));
    QCOMPARE(mllab::elementCount({}), std::int64_t(1));
    QCOMPARE(mllab::elementCount({3, 0, 5}), std::int64_t(0));
    QCOMPARE(mllab::elementCount({2, 3, 4}), std::int64_t(24));
    QCOMPARE(mllab::shapeText({}), std::string("[]"));
    QCOMPARE(mllab::shapeText({2, 3}), std::string("[2, 3]"));
    QVERIFY_THROWS_MESSAGE(mllab::elementCount({2, -1}), InputError, "negative dimension");
}

ENGINE_TEST(roundTripsEveryDtypeInMemoryAndOnDisk)
{
    SafetensorsFile file;
    int salt = 0;
    for (const DType dtype : mllab::allDTypes())
        file.tensors.push_back(record("t." + mllab::dtypeName(dtype), dtype, {2, 3}, ++salt));
    std::sort(file.tensors.begin(), file.tensors.end(),
              [](const auto& a, const auto& b) { return a.name < b.name; });
    file.metadata = {{"format", "pt"}, {"steps", "1200"}};

    compareFiles(mllab::decodeSafetensors(mllab::encodeSafetensors(file)), file);

    TempDir dir;
    const std::string path = dir.file("all.safetensors");
    mllab::writeSafetensors(path, file);
    compareFiles(mllab::readSafetensors(path), file);
    QVERIFY(readBytes(path) == mllab::encodeSafetensors(file));
}

ENGINE_TEST(roundTripsScalarsAndEmptyTensors)
{
    SafetensorsFile file;
    file.tensors = {record("a.scalar", DType::F64, {}), record("b.empty", DType::F32, {0}),
                    record("c.rows0", DType::I64, {3, 0}), record("d.after", DType::U8, {3})};
    const Bytes bytes = mllab::encodeSafetensors(file);
    const SafetensorsFile back = mllab::decodeSafetensors(bytes);
    compareFiles(back, file);
    QCOMPARE(back.tensors[0].bytes.size(), std::size_t(8));
    QVERIFY(back.tensors[0].shape.empty());
    QCOMPARE(back.tensors[1].bytes.size(), std::size_t(0));
    QCOMPARE(back.tensors[2].shape, (std::vector<std::int64_t>{3, 0}));

    // Empty tensors take no room: both sit at offset 8, right after the scalar.
    std::uint64_t n = 0;
    for (int k = 0; k < 8; ++k)
        n |= std::uint64_t(bytes[k]) << (8 * k);
    const auto header =
        nlohmann::json::parse(std::string(bytes.begin() + 8, bytes.begin() + 8 + n));
    QCOMPARE(header["b.empty"]["data_offsets"], nlohmann::json({8, 8}));
    QCOMPARE(header["c.rows0"]["data_offsets"], nlohmann::json({8, 8}));
    QCOMPARE(header["d.after"]["data_offsets"], nlohmann::json({8, 11}));
    QCOMPARE(header["a.scalar"]["shape"], nlohmann::json::array());
}

ENGINE_TEST(roundTripsUtf8MetadataAndEmptyFiles)
{
    SafetensorsFile file;
    file.metadata = {{"corpus", "Grüße, naïve café — 模型 🚀"},
                     {"ключ", "значение"},
                     {"empty", ""},
                     {"json", R"({"layers":4,"quote":"\"x\""})"}};
    compareFiles(mllab::decodeSafetensors(mllab::encodeSafetensors(file)), file);

    const SafetensorsFile nothing;
    const Bytes bytes = mllab::encodeSafetensors(nothing);
    QCOMPARE(bytes.size(), std::size_t(16));  // length + "{}" padded to 8
    compareFiles(mllab::decodeSafetensors(bytes), nothing);
}

ENGINE_TEST(writerOrdersByNameAndPadsHeader)
{
    SafetensorsFile file;
    file.tensors = {record("c", DType::U8, {5}), record("a", DType::F32, {3}),
                    record("b", DType::I16, {1})};
    const Bytes bytes = mllab::encodeSafetensors(file);
    std::uint64_t n = 0;
    for (int k = 0; k < 8; ++k)
        n |= std::uint64_t(bytes[k]) << (8 * k);
    QCOMPARE(n % 8, std::uint64_t(0));
    QCOMPARE(bytes.size(), std::size_t(8 + n + 12 + 2 + 5));
    const std::string header(bytes.begin() + 8, bytes.begin() + 8 + n);
    const std::size_t close = header.find_last_of('}');
    QCOMPARE(header.find_first_not_of(' ', close + 1), std::string::npos);
    const auto json = nlohmann::json::parse(header);
    QCOMPARE(json["a"]["data_offsets"], nlohmann::json({0, 12}));
    QCOMPARE(json["b"]["data_offsets"], nlohmann::json({12, 14}));
    QCOMPARE(json["c"]["data_offsets"], nlohmann::json({14, 19}));
    QVERIFY(!json.contains("__metadata__"));  // written only when there is some

    const auto back = mllab::decodeSafetensors(bytes);
    QCOMPARE(back.tensors[0].name, std::string("a"));
    QCOMPARE(back.tensors[2].name, std::string("c"));
    QVERIFY(back.tensors[2].bytes == file.tensors[0].bytes);
}

ENGINE_TEST(f32HelpersStoreLittleEndian)
{
    const TensorRecord t = mllab::makeF32Tensor("w", {2}, {1.5f, -2.0f});
    QVERIFY((t.bytes == Bytes{0x00, 0x00, 0xC0, 0x3F, 0x00, 0x00, 0x00, 0xC0}));
    QCOMPARE(mllab::f32Values(t), (std::vector<float>{1.5f, -2.0f}));
    QVERIFY_THROWS_MESSAGE(mllab::makeF32Tensor("w", {2, 2}, {1.0f}), InputError,
                           "tensor 'w' has 1 values but shape [2, 2] holds 4");
    QVERIFY_THROWS_MESSAGE(mllab::f32Values(record("i", DType::I32, {1})), InputError,
                           "tensor 'i' is I32, expected F32");
}

/// Reads a written file the way the published format describes it, sharing no code with the
/// reader: u64 little-endian length, JSON header, offsets into the data buffer, values decoded
/// by hand from their little-endian bytes.
ENGINE_TEST(writtenFileFollowsThePublishedLayout)
{
    SafetensorsFile file;
    file.metadata = {{"format", "pt"}};
    file.tensors.push_back(mllab::makeF32Tensor("w.f32", {2}, {1.5f, -2.0f}));
    file.tensors.push_back(
        {"x.i64", DType::I64, {1}, {0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF}});
    file.tensors.push_back({"h.f16", DType::F16, {}, {0x00, 0x3C}});
    file.tensors.push_back({"b.bf16", DType::BF16, {1, 1}, {0x80, 0x3F}});
    file.tensors.push_back({"d.f64", DType::F64, {1}, {0, 0, 0, 0, 0, 0, 0xD0, 0xBF}});
    file.tensors.push_back({"m.bool", DType::Bool, {3}, {1, 0, 1}});
    file.tensors.push_back({"n.i32", DType::I32, {1}, {0x02, 0x01, 0x00, 0x00}});
    TempDir dir;
    const std::string path = dir.file("spec.safetensors");
    mllab::writeSafetensors(path, file);
    const Bytes raw = readBytes(path);

    QVERIFY(raw.size() >= 8);
    const std::uint64_t n = std::uint64_t(raw[0]) | std::uint64_t(raw[1]) << 8 |
                            std::uint64_t(raw[2]) << 16 | std::uint64_t(raw[3]) << 24 |
                            std::uint64_t(raw[4]) << 32 | std::uint64_t(raw[5]) << 40 |
                            std::uint64_t(raw[6]) << 48 | std::uint64_t(raw[7]) << 56;
    QVERIFY(8 + n <= raw.size());
    const std::string text(raw.begin() + 8, raw.begin() + 8 + std::ptrdiff_t(n));
    QCOMPARE(text.front(), '{');
    const auto header = nlohmann::json::parse(text);
    QVERIFY(header.is_object());
    QCOMPARE(header["__metadata__"], nlohmann::json({{"format", "pt"}}));
    const std::uint8_t* data = raw.data() + 8 + n;
    const std::uint64_t dataSize = raw.size() - 8 - n;

    std::uint64_t covered = 0;
    const std::map<std::string, std::size_t> size = {{"F32", 4}, {"I64", 8}, {"F16", 2},
                                                     {"BF16", 2}, {"F64", 8}, {"BOOL", 1},
                                                     {"I32", 4}};
    for (const auto& [name, entry] : header.items()) {
        if (name == "__metadata__")
            continue;
        std::uint64_t elements = 1;
        for (const auto& dim : entry["shape"])
            elements *= dim.get<std::uint64_t>();
        const auto begin = entry["data_offsets"][0].get<std::uint64_t>();
        const auto end = entry["data_offsets"][1].get<std::uint64_t>();
        QCOMPARE(end - begin, elements * size.at(entry["dtype"].get<std::string>()));
        QCOMPARE(begin, covered);  // contiguous, in the (name) order the JSON object lists them
        covered = end;
    }
    QCOMPARE(covered, dataSize);

    const auto at = [&](const std::string& name) {
        return data + header[name]["data_offsets"][0].get<std::uint64_t>();
    };
    const std::uint8_t* f = at("w.f32");
    QCOMPARE(std::uint32_t(f[4] | f[5] << 8 | f[6] << 16 | std::uint32_t(f[7]) << 24),
             std::uint32_t(0xC0000000));  // -2.0f: sign 1, exponent 128, mantissa 0
    std::int64_t i64 = 0;
    for (int k = 7; k >= 0; --k)
        i64 = std::int64_t(std::uint64_t(i64) << 8 | at("x.i64")[k]);
    QCOMPARE(i64, std::int64_t(-2));
    QCOMPARE(at("h.f16")[0] | at("h.f16")[1] << 8, 0x3C00);  // 1.0 in IEEE half precision
    QCOMPARE(header["h.f16"]["shape"], nlohmann::json::array());
    QCOMPARE(at("b.bf16")[0] | at("b.bf16")[1] << 8, 0x3F80);  // 1.0 in bfloat16
    QCOMPARE(at("d.f64")[7], std::uint8_t(0xBF));              // -0.25: 0xBFD0000000000000
    QCOMPARE(at("n.i32")[0] | at("n.i32")[1] << 8, 258);
    QCOMPARE(header["m.bool"]["dtype"], nlohmann::json("BOOL"));
    QCOMPARE(int(at("m.bool")[2]), 1);
}

/// A file laid out the way other writers do it (largest dtype first, names out of order, JSON
/// with spaces, no padding) reads correctly.
ENGINE_TEST(readsFilesFromOtherWriters)
{
    const std::string header =
        R"({"__metadata__": {"format": "pt"}, "z.weight": {"dtype": "F64", "shape": [1], )"
        R"("data_offsets": [0, 8]}, "a.bias": {"shape": [2], "dtype": "F32", )"
        R"("data_offsets": [8, 16]}})";
    Bytes bytes = craft(header, 0);
    for (const std::uint8_t b : {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xF0, 0x3F})
        bytes.push_back(b);
    for (const std::uint8_t b : {0x00, 0x00, 0xC0, 0x3F, 0x00, 0x00, 0x00, 0xC0})
        bytes.push_back(b);
    const SafetensorsFile file = decode(bytes);
    QCOMPARE(file.metadata.at("format"), std::string("pt"));
    QCOMPARE(file.tensors.size(), std::size_t(2));
    QCOMPARE(file.tensors[0].name, std::string("a.bias"));
    QCOMPARE(mllab::f32Values(file.tensors[0]), (std::vector<float>{1.5f, -2.0f}));
    QCOMPARE(file.tensors[1].bytes[7], std::uint8_t(0x3F));
    QVERIFY(file.find("z.weight") == &file.tensors[1]);
    QVERIFY(file.find("nope") == nullptr);
}

// ---- writing ----------------------------------------------------------------------------------

ENGINE_TEST(writerRejectsRecordsTheFormatCannotHold)
{
    SafetensorsFile file;
    file.tensors = {{"w", DType::F32, {2, 2}, Bytes(12)}};
    QVERIFY_THROWS_MESSAGE(mllab::encodeSafetensors(file), InputError,
                           "tensor 'w' has 12 bytes, but shape [2, 2] of F32 needs 16");
    file.tensors = {record("w", DType::U8, {1}), record("w", DType::U8, {1})};
    QVERIFY_THROWS_MESSAGE(mllab::encodeSafetensors(file), InputError, "tensor 'w' appears twice");
    file.tensors = {record("", DType::U8, {1})};
    QVERIFY_THROWS_MESSAGE(mllab::encodeSafetensors(file), InputError, "empty name");
    file.tensors = {record("__metadata__", DType::U8, {1})};
    QVERIFY_THROWS_MESSAGE(mllab::encodeSafetensors(file), InputError, "is reserved");
    file.tensors = {{"w", DType::U8, {-1}, {}}};
    QVERIFY_THROWS_MESSAGE(mllab::encodeSafetensors(file), InputError, "negative dimension");
    file.tensors = {record("bad\xff", DType::U8, {1})};
    QVERIFY_THROWS_MESSAGE(mllab::encodeSafetensors(file), InputError, "is not valid UTF-8");
    file.tensors.clear();
    file.metadata = {{"k", "\xC0\xAF"}};  // overlong '/'
    QVERIFY_THROWS_MESSAGE(mllab::encodeSafetensors(file), InputError,
                           "metadata value of 'k' is not valid UTF-8 (byte 0)");
}

ENGINE_TEST(unwritablePathIsInputErrorAndKeepsExistingFile)
{
    TempDir dir;
    SafetensorsFile file;
    file.tensors = {record("w", DType::F32, {4})};
    QVERIFY_THROWS_MESSAGE(mllab::writeSafetensors(dir.file("missing/model.safetensors"), file),
                           InputError, "No such file or directory");

    fs::create_directory(dir.file("folder"));
    QVERIFY_THROWS_MESSAGE(mllab::writeSafetensors(dir.file("folder"), file), InputError,
                           "cannot replace");
    QVERIFY(fs::is_directory(dir.file("folder")));

    const std::string path = dir.file("model.safetensors");
    mllab::writeSafetensors(path, file);
    const Bytes before = readBytes(path);
    SafetensorsFile broken;
    broken.tensors = {{"w", DType::F32, {4}, Bytes(3)}};
    QVERIFY_THROWS_MESSAGE(mllab::writeSafetensors(path, broken), InputError,
                           "cannot write '" + path + "': tensor 'w' has 3 bytes");
    QVERIFY(readBytes(path) == before);
    QCOMPARE(dir.entries(), (std::vector<std::string>{"folder", "model.safetensors"}));
}

/// Makes writes past `limit` bytes fail with EFBIG (instead of a signal) until destroyed.
class FileSizeLimit {
public:
    explicit FileSizeLimit(rlim_t limit)
    {
        getrlimit(RLIMIT_FSIZE, &m_old);
        m_oldHandler = std::signal(SIGXFSZ, SIG_IGN);
        rlimit small = m_old;
        small.rlim_cur = limit;
        setrlimit(RLIMIT_FSIZE, &small);
    }
    ~FileSizeLimit()
    {
        setrlimit(RLIMIT_FSIZE, &m_old);
        std::signal(SIGXFSZ, m_oldHandler);
    }

private:
    rlimit m_old{};
    void (*m_oldHandler)(int) = nullptr;
};

ENGINE_TEST(writeFailingMidwayLeavesExistingFileIntact)
{
    TempDir dir;
    const std::string path = dir.file("model.safetensors");
    SafetensorsFile small;
    small.metadata = {{"steps", "100"}};
    small.tensors = {mllab::makeF32Tensor("w", {2}, {1.0f, 2.0f})};
    mllab::writeSafetensors(path, small);
    const Bytes before = readBytes(path);

    SafetensorsFile large;
    large.tensors = {record("w", DType::F32, {256, 1024})};  // 1 MiB
    {
        FileSizeLimit limit(64 * 1024);  // the disk "fills up" after 64 KiB
        QVERIFY_THROWS_MESSAGE(mllab::writeSafetensors(path, large), InputError,
                               "cannot write '" + path + "': File too large");
    }
    QVERIFY(readBytes(path) == before);
    compareFiles(mllab::readSafetensors(path), small);
    QCOMPARE(dir.entries(), (std::vector<std::string>{"model.safetensors"}));

    mllab::writeSafetensors(path, large);  // and the same write succeeds without the limit
    compareFiles(mllab::readSafetensors(path), large);
    QCOMPARE(dir.entries(), (std::vector<std::string>{"model.safetensors"}));
}

// ---- reading: every violation is its own InputError --------------------------------------------

ENGINE_TEST(twoTensorBaseFileIsValid)
{
    const SafetensorsFile file = decode(craft(kTwoTensors, 14));
    QCOMPARE(file.tensors.size(), std::size_t(2));
    QCOMPARE(file.tensors[1].bytes.size(), std::size_t(6));
}

ENGINE_TEST(fileShorterThanLengthField)
{
    QVERIFY_THROWS_MESSAGE(decode(Bytes{}), InputError,
                           "bad.st: file is 0 bytes, shorter than the 8-byte header length");
    QVERIFY_THROWS_MESSAGE(decode(Bytes(7, 0)), InputError, "file is 7 bytes");
}

ENGINE_TEST(headerLengthPastEndOfFile)
{
    Bytes bytes = craft(kTwoTensors, 14);
    setHeaderLength(bytes, bytes.size() - 7);
    QVERIFY_THROWS_MESSAGE(decode(bytes), InputError,
                           "header length " + std::to_string(bytes.size() - 7) +
                               " bytes runs past the end of the file (" +
                               std::to_string(bytes.size()) + " bytes)");
}

ENGINE_TEST(hugeHeaderLengthIsRejectedBeforeAllocating)
{
    Bytes bytes = craft(kTwoTensors, 14);
    setHeaderLength(bytes, std::uint64_t(1) << 62);
    QVERIFY_THROWS_MESSAGE(decode(bytes), InputError,
                           "header length 4611686018427387904 bytes is above the limit of "
                           "100000000");
    setHeaderLength(bytes, 100'000'001);
    QVERIFY_THROWS_MESSAGE(decode(bytes), InputError, "is above the limit");
    setHeaderLength(bytes, ~std::uint64_t(0));
    TempDir dir;
    writeBytes(dir.file("huge.safetensors"), bytes);
    QVERIFY_THROWS_MESSAGE(mllab::readSafetensors(dir.file("huge.safetensors")), InputError,
                           "huge.safetensors: header length 18446744073709551615 bytes is above");
}

ENGINE_TEST(headerMustBeUtf8)
{
    QVERIFY_THROWS_MESSAGE(decode(craft("{\"a\xff\":1}", 0)), InputError,
                           "bad.st: the header is not valid UTF-8 (byte 3 of the header)");
    QVERIFY_THROWS_MESSAGE(decode(craft("{\"\xED\xA0\x80\":1}", 0)), InputError,  // surrogate
                           "not valid UTF-8 (byte 2");
    QVERIFY_THROWS_MESSAGE(decode(craft("{\"\xE2\x82\":1}", 0)), InputError,  // cut sequence
                           "not valid UTF-8");
}

ENGINE_TEST(headerMustBeValidJson)
{
    QVERIFY_THROWS_MESSAGE(decode(craft(R"({"a":{"dtype":"F32",}})", 0)), InputError,
                           "bad.st: the header is not valid JSON: parse error at line 1");
    QVERIFY_THROWS_MESSAGE(decode(craft(R"({"a":1} })", 0)), InputError, "not valid JSON");
    QVERIFY_THROWS_MESSAGE(decode(craft(R"({"a":NaN})", 0)), InputError, "not valid JSON");
    QVERIFY_THROWS_MESSAGE(decode(craft("", 0)), InputError, "does not begin with '{'");
}

ENGINE_TEST(headerMustBeAnObjectPaddedWithSpaces)
{
    QVERIFY_THROWS_MESSAGE(decode(craft("[1, 2]", 0)), InputError,
                           "bad.st: the header does not begin with '{'");
    QVERIFY_THROWS_MESSAGE(decode(craft("  {}", 0)), InputError, "does not begin with '{'");
    QVERIFY_THROWS_MESSAGE(decode(craft(std::string("{}\0\0", 4), 0)), InputError,
                           "not an object followed only by space padding");
    QVERIFY_THROWS_MESSAGE(decode(craft("{}\n", 0)), InputError, "followed only by space");
    QCOMPARE(decode(craft("{}      ", 0)).tensors.size(), std::size_t(0));
}

ENGINE_TEST(entryMustBeAnObjectWithExactlyTheThreeKeys)
{
    QVERIFY_THROWS_MESSAGE(decode(craft(R"({"a":[0, 8]})", 8)), InputError,
                           "bad.st: tensor 'a' is described by a JSON array, expected an object");
    QVERIFY_THROWS_MESSAGE(decode(craft(R"({"a":{"dtype":"F32","shape":[2]}})", 8)), InputError,
                           "tensor 'a' lacks \"data_offsets\"");
    QVERIFY_THROWS_MESSAGE(
        decode(craft(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8],"x":1}})", 8)),
        InputError, "tensor 'a' has an unknown key 'x'");
}

ENGINE_TEST(unknownDtype)
{
    QVERIFY_THROWS_MESSAGE(
        decode(craft(R"({"a":{"dtype":"F128","shape":[2],"data_offsets":[0,8]}})", 8)),
        InputError, "bad.st: tensor 'a' has unknown dtype 'F128' (known: F64, F32, F16, BF16");
    QVERIFY_THROWS_MESSAGE(
        decode(craft(R"({"a":{"dtype":"f32","shape":[2],"data_offsets":[0,8]}})", 8)),
        InputError, "unknown dtype 'f32'");
    QVERIFY_THROWS_MESSAGE(
        decode(craft(R"({"a":{"dtype":4,"shape":[2],"data_offsets":[0,8]}})", 8)), InputError,
        "tensor 'a' has a dtype that is a JSON number, not a string");
}

ENGINE_TEST(shapeEntriesMustBeNonNegativeIntegers)
{
    const auto withShape = [](const std::string& shape) {
        return craft(R"({"a":{"dtype":"U8","shape":)" + shape + R"(,"data_offsets":[0,2]}})", 2);
    };
    QVERIFY_THROWS_MESSAGE(decode(withShape("[-2]")), InputError,
                           "bad.st: tensor 'a' shape entry 0 is negative (-2)");
    QVERIFY_THROWS_MESSAGE(decode(withShape("[1, 2.0]")), InputError,
                           "tensor 'a' shape entry 1 is 2.0, not a non-negative integer");
    QVERIFY_THROWS_MESSAGE(decode(withShape("[\"2\"]")), InputError, "is \"2\", not a non-neg");
    QVERIFY_THROWS_MESSAGE(decode(withShape("[true]")), InputError, "is true, not a non-neg");
    QVERIFY_THROWS_MESSAGE(decode(withShape("[1e400]")), InputError, "not valid JSON");
    QVERIFY_THROWS_MESSAGE(decode(withShape("[18446744073709551615]")), InputError,
                           "shape entry 0 is 18446744073709551615, above 9223372036854775807");
    QVERIFY_THROWS_MESSAGE(decode(withShape("2")), InputError,
                           "tensor 'a' has a shape that is a JSON number, not an array");
    std::string deep = "[1";
    for (int i = 0; i < 64; ++i)
        deep += ",1";
    QVERIFY_THROWS_MESSAGE(decode(withShape(deep + "]")), InputError,
                           "an array in the entry of 'a' has more than 64 elements");
}

ENGINE_TEST(shapeMustMatchOffsetSpan)
{
    QVERIFY_THROWS_MESSAGE(
        decode(craft(R"({"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})", 8)), InputError,
        "bad.st: tensor 'a' has shape [3] of F32 (12 bytes) but data_offsets [0, 8] span 8 "
        "bytes");
    QVERIFY_THROWS_MESSAGE(
        decode(craft(R"({"a":{"dtype":"F32","shape":[],"data_offsets":[0,8]}})", 8)), InputError,
        "has shape [] of F32 (4 bytes) but data_offsets [0, 8] span 8 bytes");
    QVERIFY_THROWS_MESSAGE(
        decode(craft(R"({"a":{"dtype":"F32","shape":[0],"data_offsets":[0,8]}})", 8)), InputError,
        "has shape [0] of F32 (0 bytes)");
    QVERIFY_THROWS_MESSAGE(
        decode(craft(
            R"({"a":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,8]}})", 8)),
        InputError, "too large for any file");
    // A zero dimension makes any other dimension harmless.
    const SafetensorsFile empty = decode(craft(
        R"({"a":{"dtype":"F32","shape":[0,9223372036854775807],"data_offsets":[0,0]}})", 0));
    QCOMPARE(empty.tensors[0].shape[1], std::int64_t(9223372036854775807));
}

ENGINE_TEST(offsetsMustBeAnOrderedPair)
{
    QVERIFY_THROWS_MESSAGE(
        decode(craft(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}})", 8)), InputError,
        "bad.st: tensor 'a' has data_offsets [8, 0] out of order (begin after end)");
    QVERIFY_THROWS_MESSAGE(
        decode(craft(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0]}})", 8)), InputError,
        "tensor 'a' has data_offsets [0], expected [begin, end]");
    QVERIFY_THROWS_MESSAGE(
        decode(craft(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[-8,0]}})", 8)),
        InputError, "tensor 'a' data_offsets begin is negative (-8)");
}

ENGINE_TEST(overlappingOffsets)
{
    const std::string header = R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                               R"("b":{"dtype":"I16","shape":[3],"data_offsets":[6,12]}})";
    QVERIFY_THROWS_MESSAGE(decode(craft(header, 12)), InputError,
                           "bad.st: tensors 'a' [0, 8] and 'b' [6, 12] overlap");
    const std::string same = R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                             R"("b":{"dtype":"I32","shape":[2],"data_offsets":[0,8]}})";
    QVERIFY_THROWS_MESSAGE(decode(craft(same, 8)), InputError, "overlap");
    const std::string inside = R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                               R"("e":{"dtype":"F32","shape":[0],"data_offsets":[4,4]}})";
    QVERIFY_THROWS_MESSAGE(decode(craft(inside, 8)), InputError,
                           "tensors 'a' [0, 8] and 'e' [4, 4] overlap");
}

ENGINE_TEST(gapsBetweenTensors)
{
    const std::string header = R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                               R"("b":{"dtype":"I16","shape":[3],"data_offsets":[10,16]}})";
    QVERIFY_THROWS_MESSAGE(decode(craft(header, 16)), InputError,
                           "bad.st: gap of 2 bytes between tensor 'a' (ends at 8) and tensor 'b' "
                           "(begins at 10)");
    QVERIFY_THROWS_MESSAGE(
        decode(craft(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})", 12)),
        InputError, "gap of 4 bytes before tensor 'a' (begins at 4)");
}

ENGINE_TEST(truncatedDataRunsPastTheEnd)
{
    Bytes bytes = craft(kTwoTensors, 14);
    bytes.resize(bytes.size() - 3);
    QVERIFY_THROWS_MESSAGE(decode(bytes), InputError,
                           "bad.st: tensor 'b' has data_offsets [8, 14] past the end of the data "
                           "buffer (11 bytes; the file may be truncated)");
    // Every proper prefix of a valid file is rejected.
    const Bytes whole = craft(kTwoTensors, 14);
    for (std::size_t size = 0; size < whole.size(); ++size)
        QVERIFY_THROWS_MESSAGE(decode(Bytes(whole.begin(), whole.begin() + std::ptrdiff_t(size))),
                               InputError, "bad.st: ");
}

ENGINE_TEST(trailingBytesAfterLastTensor)
{
    QVERIFY_THROWS_MESSAGE(decode(craft(kTwoTensors, 19)), InputError,
                           "bad.st: the data buffer has 5 bytes trailing after the last tensor "
                           "(tensors end at 14, the buffer holds 19 bytes)");
    QVERIFY_THROWS_MESSAGE(decode(craft("{}", 1)), InputError, "has 1 byte trailing");
}

ENGINE_TEST(metadataMustMapStringsToStrings)
{
    QVERIFY_THROWS_MESSAGE(decode(craft(R"({"__metadata__":{"steps":1200}})", 0)), InputError,
                           "bad.st: \"__metadata__\" value of 'steps' is a JSON number, expected "
                           "a string");
    QVERIFY_THROWS_MESSAGE(decode(craft(R"({"__metadata__":["a"]})", 0)), InputError,
                           "\"__metadata__\" is a JSON array, expected an object of strings");
    QVERIFY_THROWS_MESSAGE(decode(craft(R"({"__metadata__":null})", 0)), InputError,
                           "\"__metadata__\" is a JSON null");
    QVERIFY_THROWS_MESSAGE(decode(craft(R"({"__metadata__":{"k":{"x":"y"}}})", 0)), InputError,
                           "\"__metadata__\" value of 'k' is a JSON object, expected a string");
    QVERIFY_THROWS_MESSAGE(decode(craft(R"({"__metadata__":{"k":{"x":[1]}}})", 0)), InputError,
                           "nests objects or arrays deeper than a safetensors header can");
}

ENGINE_TEST(duplicateNamesAndKeys)
{
    const std::string twice = R"({"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]},)"
                              R"("a":{"dtype":"U8","shape":[1],"data_offsets":[1,2]}})";
    QVERIFY_THROWS_MESSAGE(decode(craft(twice, 2)), InputError,
                           "bad.st: tensor 'a' appears twice in the header");
    QVERIFY_THROWS_MESSAGE(
        decode(craft(R"({"a":{"dtype":"U8","dtype":"I8","shape":[1],"data_offsets":[0,1]}})", 1)),
        InputError, "key 'dtype' appears twice in the entry of 'a'");
    QVERIFY_THROWS_MESSAGE(decode(craft(R"({"__metadata__":{"k":"1","k":"2"}})", 0)), InputError,
                           "key 'k' appears twice");
}

ENGINE_TEST(deepNestingIsRejectedEarly)
{
    const std::string deep = "{\"a\":" + std::string(100000, '[') + std::string(100000, ']') + "}";
    QVERIFY_THROWS_MESSAGE(decode(craft(deep, 0)), InputError,
                           "bad.st: the header nests objects or arrays deeper");
}

ENGINE_TEST(missingOrIrregularFiles)
{
    TempDir dir;
    QVERIFY_THROWS_MESSAGE(mllab::readSafetensors(dir.file("none.safetensors")), InputError,
                           "cannot read checkpoint '" + dir.file("none.safetensors") +
                               "': no such file");
    QVERIFY_THROWS_MESSAGE(mllab::readSafetensors(dir.file("")), InputError,
                           "not a regular file");
    writeBytes(dir.file("short.safetensors"), Bytes{1, 2, 3});
    QVERIFY_THROWS_MESSAGE(mllab::readSafetensors(dir.file("short.safetensors")), InputError,
                           dir.file("short.safetensors") + ": file is 3 bytes");
    Bytes gap = craft(R"({"a":{"dtype":"U8","shape":[1],"data_offsets":[1,2]}})", 2);
    writeBytes(dir.file("gap.safetensors"), gap);
    QVERIFY_THROWS_MESSAGE(mllab::readSafetensors(dir.file("gap.safetensors")), InputError,
                           "gap.safetensors: gap of 1 byte before tensor 'a'");
}

// ---- robustness --------------------------------------------------------------------------------

/// What any accepted file must satisfy: byte counts match shapes, the tensors fill the data
/// buffer exactly, names are unique and sorted, and the result re-encodes to a file that decodes
/// to the same result.
static void checkConsistent(const SafetensorsFile& file, const Bytes& bytes)
{
    std::uint64_t headerSize = 0;
    for (int k = 0; k < 8; ++k)
        headerSize |= std::uint64_t(bytes[k]) << (8 * k);
    std::size_t dataBytes = 0;
    for (std::size_t i = 0; i < file.tensors.size(); ++i) {
        const TensorRecord& t = file.tensors[i];
        QCOMPARE(t.bytes.size(),
                 std::size_t(mllab::elementCount(t.shape)) * mllab::dtypeSize(t.dtype));
        if (i > 0)
            QVERIFY(file.tensors[i - 1].name < t.name);
        dataBytes += t.bytes.size();
    }
    QCOMPARE(8 + headerSize + dataBytes, std::uint64_t(bytes.size()));
    compareFiles(mllab::decodeSafetensors(mllab::encodeSafetensors(file)), file);
}

ENGINE_TEST(corruptedBytesGiveInputErrorOrAConsistentFile)
{
    SafetensorsFile base;
    base.metadata = {{"steps", "12"}, {"note", "ünïcode"}};
    base.tensors = {record("a", DType::F32, {2, 3}), record("b", DType::I64, {4}),
                    record("c", DType::U8, {5}), record("s", DType::BF16, {}),
                    record("z", DType::F16, {0})};
    const Bytes valid = mllab::encodeSafetensors(base);
    std::size_t headerEnd = 8;
    for (int k = 0; k < 8; ++k)
        headerEnd += std::size_t(valid[k]) << (8 * k);

    std::mt19937_64 rng(20240517);
    const auto below = [&rng](std::size_t n) {
        return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng);
    };
    int accepted = 0;
    int rejected = 0;
    for (int round = 0; round < 20000; ++round) {
        Bytes bytes = valid;
        switch (round % 5) {
        case 0:  // one flipped bit anywhere
            bytes[below(bytes.size())] ^= std::uint8_t(1u << below(8));
            break;
        case 1:  // one header byte replaced
            bytes[below(headerEnd)] = std::uint8_t(below(256));
            break;
        case 2:  // one header byte replaced by a JSON-significant character
            bytes[8 + below(headerEnd - 8)] = std::uint8_t("{}[],:\"0123456789- \\"[below(20)]);
            break;
        case 3:  // truncated
            bytes.resize(below(bytes.size()));
            break;
        default:  // several bytes changed, sometimes something appended
            for (std::size_t k = 1 + below(4); k > 0; --k)
                bytes[below(bytes.size())] = std::uint8_t(below(256));
            if (below(2))
                bytes.resize(bytes.size() + below(16), 0x20);
            break;
        }
        try {
            const SafetensorsFile file = decode(bytes);
            checkConsistent(file, bytes);
            ++accepted;
        } catch (const InputError& e) {
            QVERIFY2(std::string(e.what()).rfind("bad.st: ", 0) == 0, e.what());
            ++rejected;
        }
    }
    QVERIFY(accepted > 1000);  // flips in tensor data leave a valid file
    QVERIFY(rejected > 5000);
}

// ---- checking a loaded file against a model's expectations -------------------------------------

ENGINE_TEST(checkTensorsNamesTheTensorAndBothShapes)
{
    SafetensorsFile file;
    file.tensors = {mllab::makeF32Tensor("wte", {1000, 4}, std::vector<float>(4000, 0.5f)),
                    mllab::makeF32Tensor("ln.bias", {4}, std::vector<float>(4, 1.0f))};
    const std::vector<mllab::TensorSpec> expected = {{"wte", DType::F32, {1000, 4}},
                                                     {"ln.bias", DType::F32, {4}}};
    mllab::checkTensors(file, expected, "m.safetensors");

    auto wrongShape = expected;
    wrongShape[0].shape = {1024, 4};
    QVERIFY_THROWS_MESSAGE(mllab::checkTensors(file, wrongShape, "m.safetensors"), InputError,
                           "m.safetensors: tensor 'wte' has shape [1000, 4], expected [1024, 4]");
    auto wrongDtype = expected;
    wrongDtype[1].dtype = DType::F16;
    QVERIFY_THROWS_MESSAGE(mllab::checkTensors(file, wrongDtype, "m.safetensors"), InputError,
                           "tensor 'ln.bias' has dtype F32, expected F16 (shape [4] as expected)");
    auto more = expected;
    more.push_back({"head.weight", DType::F32, {4, 1000}});
    more.push_back({"head.bias", DType::F32, {1000}});
    QVERIFY_THROWS_MESSAGE(mllab::checkTensors(file, more, "m.safetensors"), InputError,
                           "m.safetensors: tensor 'head.weight' is missing (expected F32 "
                           "[4, 1000]); 1 more missing");
    const std::vector<mllab::TensorSpec> fewer = {expected[0]};
    QVERIFY_THROWS_MESSAGE(mllab::checkTensors(file, fewer, "m.safetensors"), InputError,
                           "m.safetensors: unexpected tensor 'ln.bias' (F32 [4])");
}

ENGINE_TEST(checkTensorsRefusesWeightsThatWouldOverflow)
{
    // One NaN, infinity or 3e38 makes every logit NaN: the model must not load at all.
    const std::vector<mllab::TensorSpec> expected = {{"w", DType::F32, {2, 3}}};
    for (const float bad : {std::numeric_limits<float>::quiet_NaN(),
                            std::numeric_limits<float>::infinity(), -3e38f, 1.5e6f}) {
        std::vector<float> values(6, 0.25f);
        values[4] = bad;
        SafetensorsFile file;
        file.tensors = {mllab::makeF32Tensor("w", {2, 3}, values)};
        QVERIFY_THROWS_MESSAGE(mllab::checkTensors(file, expected, "m.safetensors"), InputError,
                               "m.safetensors: tensor 'w' holds");
        QVERIFY_THROWS_MESSAGE(mllab::checkTensors(file, expected, "m.safetensors"), InputError,
                               "at element 4");
    }
    SafetensorsFile fine;
    fine.tensors = {mllab::makeF32Tensor("w", {2, 3}, {-1e6f, 1e6f, 0, 1, -1, 3})};
    mllab::checkTensors(fine, expected, "m.safetensors");
}

// ---- the Python checker agrees -----------------------------------------------------------------

static int runCommand(const std::string& command, std::string& output)
{
    output.clear();
    FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
    if (!pipe)
        return -1;
    char buffer[4096];
    std::size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0)
        output.append(buffer, n);
    const int status = ::pclose(pipe);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

ENGINE_TEST(pythonCheckerAcceptsOurFilesAndRejectsCorruptOnes)
{
    std::string output;
    // python3-numpy is in scripts/debian-packages.txt: a missing one is a set-up failure.
    QVERIFY2(runCommand("/usr/bin/python3 -c 'import numpy'", output) == 0,
             "/usr/bin/python3 with numpy is missing; run scripts/ensure-deps.sh\n" + output);
    SafetensorsFile file;
    file.metadata = {{"format", "pt"}};
    file.tensors = {mllab::makeF32Tensor("a.weight", {2, 2}, {1.5f, -2.0f, 0.25f, 4.0f}),
                    {"b.ids", DType::I64, {2}, {0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                                                0x07, 0, 0, 0, 0, 0, 0, 0}},
                    {"c.half", DType::BF16, {}, {0x80, 0x3F}}};
    TempDir dir;
    const std::string path = dir.file("ok.safetensors");
    mllab::writeSafetensors(path, file);
    const std::string script =
        "/usr/bin/python3 " + std::string(MLLAB_SOURCE_DIR) + "/scripts/check_safetensors.py ";
    QCOMPARE(runCommand(script + "--values '" + path + "'", output), 0);
    for (const char* line : {"a.weight  F32  [2, 2]  1.5 -2 0.25 4\n", "b.ids  I64  [2]  -2 7\n",
                             "c.half  BF16  []  1\n", "format = pt\n", "valid: 3 tensors"}) {
        QVERIFY2(output.find(line) != std::string::npos,
                 "'" + std::string(line) + "' missing in\n" + output);
    }

    Bytes bytes = readBytes(path);
    bytes.push_back(0);
    writeBytes(dir.file("trailing.safetensors"), bytes);
    QCOMPARE(runCommand(script + "'" + dir.file("trailing.safetensors") + "'", output), 1);
    QVERIFY2(output.find("1 byte trailing") != std::string::npos, output);
}

ENGINE_TEST_MAIN(tst_safetensors)
