#include "engine/text/bank_corpus.h"

#include "engine/progress.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace mllab::text {
namespace {

std::string trimmed(std::string_view s)
{
    const auto begin = s.find_first_not_of(" \t\r");
    if (begin == std::string_view::npos)
        return {};
    const auto end = s.find_last_not_of(" \t\r");
    return std::string(s.substr(begin, end - begin + 1));
}

/// "key: value" front matter lines; quotes around the value are dropped.
std::string frontMatterValue(const std::string& line, const std::string& key)
{
    if (line.rfind(key + ":", 0) != 0)
        return {};
    std::string value = trimmed(std::string_view(line).substr(key.size() + 1));
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
        value.back() == value.front())
        value = value.substr(1, value.size() - 2);
    return value;
}

std::vector<std::string> whitespaceWords(const std::string& text)
{
    std::istringstream in(text);
    std::vector<std::string> words;
    for (std::string w; in >> w;)
        words.push_back(w);
    return words;
}

std::string joined(const std::vector<std::string>& words, std::size_t begin, std::size_t end)
{
    std::string out;
    for (std::size_t i = begin; i < end; ++i) {
        if (i > begin)
            out += ' ';
        out += words[i];
    }
    return out;
}

void appendWindows(const BankQuestion& q, const std::string& heading,
                   const std::vector<std::string>& words, const ChunkOptions& options,
                   std::vector<Passage>& out)
{
    if (words.empty())
        return;
    const std::size_t length = std::size_t(options.chunkWords);
    const std::size_t stride = std::size_t(options.chunkWords - options.overlapWords);
    for (std::size_t begin = 0;; begin += stride) {
        const std::size_t end = std::min(words.size(), begin + length);
        out.push_back({q.number, q.id, heading, joined(words, begin, end)});
        if (end == words.size())
            break;
    }
}

} // namespace

BankQuestion parseBankQuestion(const std::string& markdown, const std::string& source)
{
    std::istringstream in(markdown);
    std::string line;
    if (!std::getline(in, line) || trimmed(line) != "---")
        throw InputError(source + ": no front matter (the file must begin with a line '---')");
    BankQuestion q;
    bool closed = false;
    while (std::getline(in, line)) {
        if (trimmed(line) == "---") {
            closed = true;
            break;
        }
        if (auto v = frontMatterValue(line, "id"); !v.empty())
            q.id = v;
        else if (auto n = frontMatterValue(line, "number"); !n.empty())
            q.number = std::atoi(n.c_str());
        else if (auto t = frontMatterValue(line, "title"); !t.empty())
            q.title = t;
        else if (auto s = frontMatterValue(line, "section"); !s.empty())
            q.section = s;
    }
    if (!closed)
        throw InputError(source + ": the front matter has no closing '---'");
    if (q.id.empty() || q.number <= 0)
        throw InputError(source + ": the front matter needs an id and a positive number");
    std::ostringstream body;
    body << in.rdbuf();
    q.body = body.str();
    return q;
}

std::vector<BankQuestion> loadQuestionBank(const std::string& directory)
{
    namespace fs = std::filesystem;
    std::error_code error;
    if (!fs::is_directory(directory, error))
        throw InputError("question bank folder not found: " + directory);
    std::vector<BankQuestion> questions;
    for (const auto& entry : fs::recursive_directory_iterator(directory, error)) {
        if (!entry.is_regular_file() || entry.path().extension() != ".md")
            continue;
        std::ifstream file(entry.path(), std::ios::binary);
        std::ostringstream text;
        text << file.rdbuf();
        questions.push_back(parseBankQuestion(text.str(), entry.path().string()));
    }
    if (questions.empty())
        throw InputError("no question files (*.md) in " + directory);
    std::sort(questions.begin(), questions.end(),
              [](const BankQuestion& a, const BankQuestion& b) { return a.number < b.number; });
    return questions;
}

std::vector<Passage> splitPassages(const std::vector<BankQuestion>& questions,
                                   const ChunkOptions& options)
{
    if (options.chunkWords < 1)
        throw InputError("the chunk size must be at least one word");
    if (options.overlapWords < 0 || options.overlapWords >= options.chunkWords)
        throw InputError("the overlap must be at least 0 and smaller than the chunk size (" +
                         std::to_string(options.chunkWords) + " words)");
    std::vector<Passage> out;
    for (const BankQuestion& q : questions) {
        std::istringstream in(q.body);
        std::string heading;
        std::string section = q.title; // the title leads the first section with a body
        bool sectionHasBody = false;
        for (std::string line; std::getline(in, line);) {
            if (line.rfind("## ", 0) == 0) {
                if (sectionHasBody) {
                    appendWindows(q, heading, whitespaceWords(section), options, out);
                    section.clear();
                    sectionHasBody = false;
                }
                heading = trimmed(std::string_view(line).substr(3));
                section += (section.empty() ? "" : "\n") + heading; // its heading leads a section
            } else {
                sectionHasBody = sectionHasBody || !trimmed(line).empty();
                section += '\n';
                section += line;
            }
        }
        appendWindows(q, heading, whitespaceWords(section), options, out);
    }
    return out;
}

std::vector<std::string> wordTokens(std::string_view text)
{
    std::vector<std::string> words;
    std::string current;
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if ((u >= 'a' && u <= 'z') || (u >= '0' && u <= '9'))
            current += c;
        else if (u >= 'A' && u <= 'Z')
            current += char(u - 'A' + 'a');
        else if (!current.empty())
            words.push_back(std::move(current)), current.clear();
    }
    if (!current.empty())
        words.push_back(std::move(current));
    return words;
}

} // namespace mllab::text
