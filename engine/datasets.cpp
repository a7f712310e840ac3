#include "engine/datasets.h"

#include "engine/csv.h"
#include "engine/datapaths.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <random>

namespace mllab {
namespace {

/// Standard normal draws by Box-Muller: portable, unlike std::normal_distribution.
class Normal {
public:
    explicit Normal(std::uint64_t seed) : m_engine(seed) {}

    double operator()()
    {
        if (m_haveSpare) {
            m_haveSpare = false;
            return m_spare;
        }
        const double u1 = 1.0 - uniform(); // (0, 1]
        const double u2 = uniform();
        const double radius = std::sqrt(-2.0 * std::log(u1));
        m_spare = radius * std::sin(2.0 * M_PI * u2);
        m_haveSpare = true;
        return radius * std::cos(2.0 * M_PI * u2);
    }
    double uniform() { return double(m_engine() >> 11) * 0x1.0p-53; } ///< [0, 1)
    std::size_t below(std::size_t n) { return std::size_t(uniform() * double(n)); }
    std::mt19937_64& engine() { return m_engine; }

private:
    std::mt19937_64 m_engine;
    double m_spare = 0;
    bool m_haveSpare = false;
};

void shuffle(std::vector<std::size_t>& v, Normal& rng)
{
    for (std::size_t i = v.size(); i > 1; --i)
        std::swap(v[i - 1], v[rng.below(i)]);
}

void checkFraction(double value, double lo, double hi, const std::string& name)
{
    if (!(value >= lo && value <= hi))
        throw InputError(name + " must be from " + std::to_string(lo) + " to " +
                         std::to_string(hi) + " (got " + std::to_string(value) + ")");
}

std::vector<std::string> numberedNames(const std::string& prefix, std::size_t n)
{
    std::vector<std::string> names;
    for (std::size_t i = 0; i < n; ++i)
        names.push_back(prefix + std::to_string(i + 1));
    return names;
}

} // namespace

std::vector<std::vector<double>> Dataset::columns() const
{
    const std::size_t d = featureCount();
    std::vector<std::vector<double>> out(d, std::vector<double>(rows));
    for (std::size_t i = 0; i < rows; ++i)
        for (std::size_t j = 0; j < d; ++j)
            out[j][i] = features[i * d + j];
    return out;
}

Dataset Dataset::subset(const std::vector<std::size_t>& indices) const
{
    Dataset out;
    out.name = name;
    out.featureNames = featureNames;
    out.classNames = classNames;
    out.rows = indices.size();
    const std::size_t d = featureCount();
    out.features.reserve(indices.size() * d);
    out.labels.reserve(indices.size());
    for (const std::size_t i : indices) {
        out.features.insert(out.features.end(), features.begin() + std::ptrdiff_t(i * d),
                            features.begin() + std::ptrdiff_t((i + 1) * d));
        out.labels.push_back(labels[i]);
    }
    return out;
}

Dataset makeTwoClassData(const TwoClassParams& p)
{
    if (p.rows < 2 || p.rows > 50'000'000)
        throw InputError("rows must be from 2 to 50,000,000 (got " + std::to_string(p.rows) + ")");
    if (p.features < 1 || p.features > 1000)
        throw InputError("features must be from 1 to 1000 (got " + std::to_string(p.features) +
                         ")");
    checkFraction(p.separation, 0.0, 20.0, "separation");
    checkFraction(p.labelNoise, 0.0, 0.5, "label noise");
    if (!(p.positiveFraction > 0 && p.positiveFraction < 1))
        throw InputError("the share of positives must be between 0 and 1 (got " +
                         std::to_string(p.positiveFraction) + ")");
    Dataset d;
    d.name = "two Gaussian classes";
    d.featureNames = numberedNames("x", p.features);
    d.classNames = {"negative", "positive"};
    d.rows = p.rows;
    const std::size_t positives = std::clamp<std::size_t>(
        std::size_t(std::llround(double(p.rows) * p.positiveFraction)), 1, p.rows - 1);
    const double shift = p.separation / std::sqrt(double(p.features));
    Normal rng(p.seed);
    d.features.resize(p.rows * p.features);
    d.labels.resize(p.rows);
    // Positives first, then a shuffle of the row order so that classes interleave.
    for (std::size_t i = 0; i < p.rows; ++i) {
        const bool positive = i < positives;
        d.labels[i] = positive ? 1 : 0;
        for (std::size_t j = 0; j < p.features; ++j)
            d.features[i * p.features + j] = rng() + (positive ? shift : 0.0);
    }
    for (std::size_t i = 0; i < p.rows; ++i)
        if (rng.uniform() < p.labelNoise)
            d.labels[i] = 1 - d.labels[i];
    std::vector<std::size_t> order(p.rows);
    std::iota(order.begin(), order.end(), 0);
    shuffle(order, rng);
    return d.subset(order);
}

Dataset makeMultiClassData(const MultiClassParams& p)
{
    if (p.classes < 2 || p.classes > 20)
        throw InputError("classes must be from 2 to 20 (got " + std::to_string(p.classes) + ")");
    if (p.features < p.classes || p.features > 1000)
        throw InputError("features must be from the number of classes to 1000 (got " +
                         std::to_string(p.features) + ")");
    if (p.rows < p.classes || p.rows > 50'000'000)
        throw InputError("rows must be from the number of classes to 50,000,000 (got " +
                         std::to_string(p.rows) + ")");
    checkFraction(p.separation, 0.0, 20.0, "separation");
    checkFraction(p.labelNoise, 0.0, 1.0, "label noise");
    Dataset d;
    d.name = std::to_string(p.classes) + " Gaussian classes";
    d.featureNames = numberedNames("x", p.features);
    d.classNames = numberedNames("class ", p.classes);
    d.rows = p.rows;
    Normal rng(p.seed);
    d.features.resize(p.rows * p.features);
    d.labels.resize(p.rows);
    for (std::size_t i = 0; i < p.rows; ++i) {
        const std::size_t c = i % p.classes;
        d.labels[i] = int(c);
        for (std::size_t j = 0; j < p.features; ++j)
            d.features[i * p.features + j] = rng() + (j == c ? p.separation : 0.0);
        if (rng.uniform() < p.labelNoise)
            d.labels[i] = int((c + 1 + rng.below(p.classes - 1)) % p.classes);
    }
    std::vector<std::size_t> order(p.rows);
    std::iota(order.begin(), order.end(), 0);
    shuffle(order, rng);
    return d.subset(order);
}

Dataset makeUnitsDemoData(bool millimetres, std::uint64_t seed, std::size_t rows)
{
    if (rows < 2)
        throw InputError("rows must be at least 2");
    Dataset d;
    d.name = millimetres ? "body measurements, arm span in mm" : "body measurements in metres";
    d.featureNames = {"height_m", millimetres ? "arm_span_mm" : "arm_span_m", "leg_length_m",
                      "shoulder_width_m"};
    d.classNames = {"female", "male"};
    d.rows = rows;
    Normal rng(seed);
    for (std::size_t i = 0; i < rows; ++i) {
        const bool male = i % 2 == 1;
        const double height = (male ? 1.78 : 1.64) + 0.07 * rng();
        const double span = 1.01 * height + 0.035 * rng();
        const double leg = 0.47 * height + 0.025 * rng();
        const double shoulders = 0.2 * height + (male ? 0.05 : 0.0) + 0.02 * rng();
        d.features.insert(d.features.end(),
                          {height, millimetres ? span * 1000.0 : span, leg, shoulders});
        d.labels.push_back(male ? 1 : 0);
    }
    return d;
}

Dataset datasetFromCsv(std::string_view text, const std::string& source,
                       const std::string& classColumn,
                       const std::vector<std::string>& featureColumns)
{
    const CsvText table = readTextCsv(text, source);
    const std::size_t classIndex = table.columnIndex(classColumn);
    std::vector<std::string> names = featureColumns;
    if (names.empty())
        for (const auto& h : table.header)
            if (h != classColumn)
                names.push_back(h);
    if (names.empty())
        throw InputError(source + " has no feature column besides the class column '" +
                         classColumn + "'");
    std::vector<std::size_t> index;
    for (const auto& name : names) {
        if (name == classColumn)
            throw InputError("column '" + name + "' cannot be both the class and a feature");
        index.push_back(table.columnIndex(name));
    }

    Dataset d;
    d.name = source;
    d.featureNames = names;
    d.rows = table.rows.size();
    d.features.resize(d.rows * names.size());
    for (std::size_t r = 0; r < d.rows; ++r) {
        for (std::size_t j = 0; j < index.size(); ++j) {
            const std::string& cell = table.rows[r][index[j]];
            double v = 0;
            if (!parseCsvNumber(cell, v))
                throw InputError(source + ": column '" + names[j] + "' needs numbers, but line " +
                                 std::to_string(table.lines[r]) + " has '" + cell.substr(0, 40) +
                                 "'" + (cell.empty() ? " (empty)" : ""));
            d.features[r * names.size() + j] = v;
        }
    }

    // Classes: numeric order when every value is a number, else text order.
    bool numeric = true;
    std::vector<std::pair<double, std::string>> keys(d.rows);
    for (std::size_t r = 0; r < d.rows; ++r) {
        std::string cell = table.rows[r][classIndex];
        cell.erase(0, cell.find_first_not_of(" \t"));
        cell.erase(cell.find_last_not_of(" \t") + 1);
        if (cell.empty())
            throw InputError(source + ": the class column '" + classColumn + "' is empty at line " +
                             std::to_string(table.lines[r]));
        double v = 0;
        numeric = numeric && parseCsvNumber(cell, v);
        keys[r] = {v, cell};
    }
    std::map<std::pair<double, std::string>, int> classes;
    for (auto& k : keys) {
        if (!numeric)
            k.first = 0;
        classes.emplace(k, 0);
    }
    int next = 0;
    for (auto& [key, id] : classes) {
        id = next++;
        d.classNames.push_back(key.second);
    }
    d.labels.resize(d.rows);
    for (std::size_t r = 0; r < d.rows; ++r)
        d.labels[r] = classes.at(keys[r]);
    return d;
}

Dataset datasetFromCsvFile(const std::string& path, const std::string& classColumn,
                           const std::vector<std::string>& featureColumns)
{
    return datasetFromCsv(readTextFile(path), path, classColumn, featureColumns);
}

const std::vector<BuiltInDataset>& builtInDatasets()
{
    static const std::vector<BuiltInDataset> all = {
        {"iris", "iris.csv", "species", ""},
        {"wine", "wine.csv", "cultivar", ""},
        {"breast-cancer", "breast_cancer.csv", "diagnosis", "malignant"},
        {"digits", "digits.csv", "digit", ""},
    };
    return all;
}

const BuiltInDataset& builtInDataset(const std::string& id)
{
    for (const auto& d : builtInDatasets())
        if (d.id == id)
            return d;
    throw InputError("unknown dataset '" + id + "' (known: iris, wine, breast-cancer, digits)");
}

Dataset loadBuiltInDataset(const std::string& id)
{
    const BuiltInDataset& info = builtInDataset(id);
    Dataset d = datasetFromCsvFile(dataDirectory() + "/datasets/" + info.file, info.classColumn);
    d.name = id;
    return d;
}

DatasetSplit splitDataset(const Dataset& data, double validationFraction, double testFraction,
                          std::uint64_t seed)
{
    if (!(validationFraction >= 0 && testFraction > 0 && validationFraction + testFraction < 1))
        throw InputError("split fractions must be >= 0 and leave rows for training");
    std::vector<std::vector<std::size_t>> byClass(std::max<std::size_t>(data.classCount(), 1));
    for (std::size_t i = 0; i < data.rows; ++i)
        byClass.at(std::size_t(data.labels[i])).push_back(i);
    Normal rng(seed);
    std::vector<std::size_t> train, validation, test;
    for (auto& rows : byClass) {
        shuffle(rows, rng);
        const std::size_t n = rows.size();
        const std::size_t nTest = std::size_t(std::llround(double(n) * testFraction));
        const std::size_t nValidation = std::size_t(std::llround(double(n) * validationFraction));
        const std::size_t nTrain = n - std::min(n, nTest + nValidation);
        for (std::size_t k = 0; k < n; ++k)
            (k < nTrain ? train : k < nTrain + nValidation ? validation : test).push_back(rows[k]);
    }
    if (train.empty() || test.empty() || (validationFraction > 0 && validation.empty()))
        throw InputError("too few rows (" + std::to_string(data.rows) +
                         ") to split into training, validation and test parts");
    // Interleave the classes again (the split above grouped them).
    shuffle(train, rng);
    shuffle(validation, rng);
    shuffle(test, rng);
    return {data.subset(train), data.subset(validation), data.subset(test)};
}

Standardizer fitStandardizer(const Dataset& train)
{
    const std::size_t f = train.featureCount();
    Standardizer s{std::vector<double>(f, 0.0), std::vector<double>(f, 0.0)};
    const double n = double(std::max<std::size_t>(train.rows, 1));
    for (std::size_t r = 0; r < train.rows; ++r)
        for (std::size_t j = 0; j < f; ++j)
            s.mean[j] += train.at(r, j) / n;
    for (std::size_t r = 0; r < train.rows; ++r)
        for (std::size_t j = 0; j < f; ++j)
            s.scale[j] += (train.at(r, j) - s.mean[j]) * (train.at(r, j) - s.mean[j]) / n;
    for (double& v : s.scale)
        v = v > 0 ? std::sqrt(v) : 1.0;
    return s;
}

Dataset oneVersusRest(const Dataset& data, const std::string& positive)
{
    const auto it = std::find(data.classNames.begin(), data.classNames.end(), positive);
    if (it == data.classNames.end())
        throw InputError("class '" + positive + "' does not occur in " + data.name);
    const int id = int(it - data.classNames.begin());
    Dataset out = data;
    out.classNames = {"not " + positive, positive};
    for (int& label : out.labels)
        label = label == id ? 1 : 0;
    return out;
}

} // namespace mllab
