#include "engine/text/word_vectors.h"

#include "engine/datapaths.h"
#include "engine/lm/safetensors.h"
#include "engine/progress.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdlib>

namespace mllab::text {

int WordVectors::find(const std::string& word) const
{
    const auto it = m_index.find(word);
    return it == m_index.end() ? -1 : it->second;
}

void WordVectors::reindex()
{
    m_index.clear();
    m_index.reserve(words.size());
    for (std::size_t i = 0; i < words.size(); ++i)
        if (!m_index.emplace(words[i], int(i)).second)
            throw InputError("word vectors: the word '" + words[i] + "' appears twice");
}

void saveWordVectors(const std::string& path, const WordVectors& vectors,
                     const std::map<std::string, std::string>& metadata)
{
    if (vectors.dim < 1 || vectors.values.size() != vectors.words.size() * std::size_t(vectors.dim))
        throw InputError("word vectors: " + std::to_string(vectors.values.size()) +
                         " values do not fill " + std::to_string(vectors.words.size()) +
                         " words of dimension " + std::to_string(vectors.dim));
    SafetensorsFile file;
    file.metadata = metadata;
    file.metadata["words"] = nlohmann::json(vectors.words).dump();
    file.tensors.push_back(
        makeF32Tensor("vectors", {std::int64_t(vectors.words.size()), std::int64_t(vectors.dim)},
                      vectors.values));
    writeSafetensors(path, file);
}

WordVectors loadWordVectors(const std::string& path, std::map<std::string, std::string>* metadata)
{
    const SafetensorsFile file = readSafetensors(path);
    const TensorRecord* tensor = file.find("vectors");
    if (!tensor || tensor->dtype != DType::F32 || tensor->shape.size() != 2)
        throw InputError(path + ": no F32 tensor 'vectors' of shape [words, dim]");
    const auto words = file.metadata.find("words");
    if (words == file.metadata.end())
        throw InputError(path + ": no 'words' list in the metadata");
    WordVectors out;
    try {
        out.words = nlohmann::json::parse(words->second).get<std::vector<std::string>>();
    } catch (const nlohmann::json::exception&) {
        throw InputError(path + ": the metadata 'words' is not a JSON list of strings");
    }
    if (std::int64_t(out.words.size()) != tensor->shape[0] || tensor->shape[1] < 1)
        throw InputError(path + ": " + std::to_string(out.words.size()) +
                         " words for a tensor of shape " + shapeText(tensor->shape));
    out.dim = int(tensor->shape[1]);
    out.values = f32Values(*tensor);
    for (const float v : out.values)
        if (!std::isfinite(v))
            throw InputError(path + ": a word vector holds a NaN or infinite value");
    try {
        out.reindex();
    } catch (const InputError& e) {
        throw InputError(path + ": " + e.what());
    }
    if (metadata)
        *metadata = file.metadata;
    return out;
}

std::string shippedWordVectorsPath()
{
    if (const char* env = std::getenv("MLLAB_WORD_VECTORS"); env && *env)
        return env;
    return dataDirectory() + "/models/bank-word2vec.safetensors";
}

std::vector<float> meanUnitVector(const WordVectors& vectors,
                                  const std::vector<std::string>& tokens)
{
    std::vector<float> sum(std::size_t(vectors.dim), 0.0f);
    for (const std::string& token : tokens) {
        const int i = vectors.find(token);
        if (i < 0)
            continue;
        const float* v = vectors.row(i);
        double norm = 0;
        for (int d = 0; d < vectors.dim; ++d)
            norm += double(v[d]) * v[d];
        if (norm == 0)
            continue;
        const float scale = float(1.0 / std::sqrt(norm));
        for (int d = 0; d < vectors.dim; ++d)
            sum[std::size_t(d)] += v[d] * scale;
    }
    double norm = 0;
    for (const float x : sum)
        norm += double(x) * x;
    if (norm > 0)
        for (float& x : sum)
            x = float(x / std::sqrt(norm));
    return sum;
}

double cosine(const float* a, const float* b, int dim)
{
    double dot = 0, na = 0, nb = 0;
    for (int d = 0; d < dim; ++d) {
        dot += double(a[d]) * b[d];
        na += double(a[d]) * a[d];
        nb += double(b[d]) * b[d];
    }
    return na == 0 || nb == 0 ? 0.0 : dot / std::sqrt(na * nb);
}

} // namespace mllab::text
