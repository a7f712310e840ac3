// The embeddings lab's declaration and JSON (libtorch-free; the pipeline is embeddings.cpp).
#include "engine/labs/embeddings.h"

#include <nlohmann/json.hpp>

#include <sstream>

namespace mllab::labs {

const LabSpec& embeddingsLabSpec()
{
    static const LabSpec spec = [] {
        LabSpec s{"embeddings", "Word embeddings: word2vec, PPMI-SVD, contextual",
                  "Static word vectors of the question bank from skip-gram with negative sampling "
                  "and from PPMI + SVD side by side: nearest neighbours, analogies, a 2-D "
                  "projection, and the tiny GPT's contextual vectors of one word in two "
                  "sentences."};
        s.needsTorch = true;
        ParamSpec source{"source", "Skip-gram vectors", ParamType::Choice, std::string("shipped")};
        source.choices = {"shipped", "trained"};
        source.choiceLabels = {"Shipped file", "Train on the bank"};
        source.help = "The shipped bank-word2vec.safetensors, or skip-gram trained now on the "
                      "bank with the settings below (a separate job with progress)";
        ParamSpec word{"word", "Word", ParamType::Text, std::string("overfitting")};
        word.help = "Its nearest neighbours by cosine in both tables";
        ParamSpec top{"top", "Neighbours", ParamType::Integer, 8LL, 1, 20, 1};
        top.help = "How many neighbours and analogy answers are listed";
        ParamSpec a{"analogy_a", "Analogy a", ParamType::Text, std::string("encoder")};
        a.help = "a : b :: c : ? — 3CosAdd, the words closest to b − a + c";
        ParamSpec b{"analogy_b", "… is to b", ParamType::Text, std::string("bert")};
        b.help = "a : b :: c : ?";
        ParamSpec c{"analogy_c", "… as c", ParamType::Text, std::string("decoder")};
        c.help = "a : b :: c : ?";
        ParamSpec projection{"projection", "Projected words", ParamType::Text,
                             std::string("overfitting regularization dropout attention softmax "
                                         "transformer gradient optimizer adam tokenizer bpe "
                                         "vocabulary")};
        projection.widget = ParamWidget::TextEdit;
        projection.lines = 3;
        projection.help = "Words placed on the plane of their first two principal components "
                          "(separated by spaces or commas; 3 to 40)";
        ParamSpec contextWord{"context_word", "Contextual word", ParamType::Text,
                              std::string("attention")};
        contextWord.help = "The word whose GPT hidden state is compared across the two sentences";
        ParamSpec sentence1{"sentence1", "Sentence 1", ParamType::Text,
                            std::string("Self-attention lets every token look at the earlier "
                                        "tokens.")};
        sentence1.help = "A sentence containing the contextual word";
        ParamSpec sentence2{"sentence2", "Sentence 2", ParamType::Text,
                            std::string("Pay attention to the learning rate before you tune "
                                        "anything else.")};
        sentence2.help = "Another sentence containing the contextual word";
        ParamSpec dim{"dim", "Dimension", ParamType::Integer, 64LL, 2, 256, 1};
        dim.stops = {2, 8, 16, 32, 48, 64, 100, 128, 200, 256};
        dim.widget = ParamWidget::Slider;
        dim.help = "Vector size of both tables (the SVD's rank)";
        ParamSpec window{"window", "Window", ParamType::Integer, 5LL, 1, 20, 1};
        window.help = "Context words on each side (skip-gram draws a reduced window per word; "
                      "PPMI counts the full one)";
        ParamSpec negatives{"negatives", "Negatives", ParamType::Integer, 5LL, 1, 20, 1};
        negatives.help = "Negative samples per pair, drawn from unigram^0.75";
        ParamSpec subsample{"subsample", "Subsampling t", ParamType::Number, 1e-3, 0, 0.1, 1e-5};
        subsample.decimals = -1;
        subsample.stops = {0, 1e-5, 1e-4, 1e-3, 1e-2, 0.1};
        subsample.widget = ParamWidget::Slider;
        subsample.specialValueText = "off";
        subsample.help = "Frequent words are dropped with gensim's keep probability "
                         "(sqrt(f/(t·N)) + 1)·t·N/f; 0 keeps every word";
        ParamSpec epochs{"epochs", "Epochs", ParamType::Integer, 10LL, 1, 100, 1};
        epochs.help = "Passes over the bank (the learning rate falls linearly from 0.025 to "
                      "0.0001 over all of them)";
        // Only skip-gram trained now uses these; dimension, window, min_count and the seed also
        // shape the PPMI-SVD table computed every time.
        for (ParamSpec* sgnsOnly : {&negatives, &subsample, &epochs})
            sgnsOnly->enabledWhen = "source=trained";
        ParamSpec minCount{"min_count", "min_count", ParamType::Integer, 3LL, 1, 50, 1};
        minCount.help = "Words seen fewer times are left out of both vocabularies";
        ParamSpec tab = tabsParam("tab", {"neighbours", "analogy", "projection", "contextual"},
                                  "The part of the lab shown");
        tab.choiceLabels = {"Neighbours", "Analogy", "Projection", "Contextual"};
        s.params = {source,
                    word,
                    top,
                    a,
                    b,
                    c,
                    projection,
                    contextWord,
                    sentence1,
                    sentence2,
                    dim,
                    window,
                    negatives,
                    subsample,
                    epochs,
                    minCount,
                    seedParam("Seed of the initial vectors, windows, subsampling, "
                              "negatives and the SVD's random start"),
                    tab};
        return s;
    }();
    return spec;
}

EmbeddingsLabParams embeddingsLabParams(const LabState& state)
{
    EmbeddingsLabParams p;
    p.source = state.text("source");
    p.word = state.text("word");
    p.top = int(state.integer("top"));
    p.analogyA = state.text("analogy_a");
    p.analogyB = state.text("analogy_b");
    p.analogyC = state.text("analogy_c");
    std::string words = state.text("projection");
    for (char& ch : words)
        if (ch == ',' || ch == ';' || ch == '\n' || ch == '\t')
            ch = ' ';
    std::istringstream in(words);
    for (std::string w; in >> w;)
        p.projection.push_back(w);
    p.contextWord = state.text("context_word");
    p.sentence1 = state.text("sentence1");
    p.sentence2 = state.text("sentence2");
    p.sgns.dim = int(state.integer("dim"));
    p.sgns.window = int(state.integer("window"));
    p.sgns.negatives = int(state.integer("negatives"));
    p.sgns.subsample = state.number("subsample");
    p.sgns.epochs = int(state.integer("epochs"));
    p.sgns.minCount = int(state.integer("min_count"));
    p.sgns.seed = static_cast<std::uint64_t>(state.integer("seed"));
    return p;
}

namespace {

nlohmann::json neighboursJson(const std::vector<text::Neighbour>& list)
{
    nlohmann::json out = nlohmann::json::array();
    for (const auto& n : list)
        out.push_back({{"word", n.word}, {"cosine", n.cosine}});
    return out;
}

nlohmann::json methodJson(const EmbeddingsMethod& m)
{
    nlohmann::json j{
        {"words", m.words},
        {"dim", m.dim},
        {"source", m.description},
        {"neighbours", neighboursJson(m.neighbours)},
        {"analogy", neighboursJson(m.analogy)},
        {"projection",
         {{"words", m.projection.words},
          {"x", m.projection.x},
          {"y", m.projection.y},
          {"explained_variance_ratio", {m.projection.explained1, m.projection.explained2}}}},
        {"projection_missing", m.missing},
        {"static_cosine", m.staticCosine}};
    if (!m.analogyError.empty())
        j["analogy_error"] = m.analogyError;
    return j;
}

} // namespace

nlohmann::json embeddingsLabJson(const EmbeddingsLabResult& r)
{
    nlohmann::json j{{"corpus_words", r.corpusWords},
                     {"sgns", methodJson(r.sgns)},
                     {"ppmi_svd", methodJson(r.ppmi)},
                     {"contextual",
                      {{"word", r.contextual.word},
                       {"sentences", r.contextual.sentences},
                       {"tokens", r.contextual.pieces},
                       {"word_tokens", r.contextual.wordTokens},
                       {"dim", r.contextual.dim},
                       {"contextual_cosine", r.contextual.contextualCosine},
                       {"static_cosine", r.contextual.staticCosine}}}};
    if (r.training) {
        const auto& t = r.training->result;
        j["training"] = {{"pairs", t.pairs},
                         {"trained_words", t.trainedWords},
                         {"epoch_loss", t.epochLoss},
                         {"seconds", t.seconds},
                         {"words_per_second", t.wordsPerSecond}};
    }
    return j;
}

} // namespace mllab::labs
