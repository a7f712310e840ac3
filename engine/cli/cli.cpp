// The command table and the dispatcher of mllab-cli; no libtorch (see commands.h).
#include "engine/cli/args.h"
#include "engine/cli/commands.h"
#include "engine/progress.h"
#include "engine/runtime.h"

#include <ostream>
#include <stdexcept>

namespace mllab::cli {

void printJson(std::ostream& out, const nlohmann::json& doc)
{
    out << doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

namespace {

const OptionHelp kModel{"--model M", "checkpoint (.safetensors) [the shipped tiny GPT]"};
const OptionHelp kDevice{"--device D", "cpu or cuda:N [cpu]"};

CommandHelp retrieveHelp()
{
    return {"Ranks the question bank's passages for a query with BM25 (Okapi, Lucene's idf), "
            "dense retrieval (cosine of mean word vectors or of the tiny GPT's mean hidden state) "
            "or their hybrid (reciprocal rank fusion or a weighted sum of min-max normalised "
            "scores); with --evaluate, recall@k, MRR and nDCG@10 of each retriever over an "
            "evaluation set, at question level (a question scores its best passage).",
            {{"",
              {{"--query T", "the text searched (required without --evaluate)"},
               {"--evaluate", "score the evaluation set instead of one query"},
               {"--retriever R", "bm25, dense or hybrid: the list printed [hybrid]"},
               {"--dense D", "word2vec or gpt [word2vec]"},
               {"--fusion F", "rrf or weighted [rrf]"},
               {"--rrf-k K", "RRF's k in 1/(k + rank) [60]"},
               {"--weight W", "weighted fusion's dense share [0.5]"},
               {"--k1 K", "BM25 term-frequency saturation [1.2]"},
               {"--b B", "BM25 length normalisation [0.75]"},
               {"--chunk-words N", "words per passage [120]"},
               {"--overlap N", "words shared by consecutive passages [30]"},
               {"--top N", "passages printed [10]"},
               {"--k N", "k of recall@k [5]"},
               {"--eval-file F", "evaluation set [the shipped retrieval-eval.json]"},
               {"--vectors F", "word vectors [the shipped bank-word2vec.safetensors]"},
               {"--model M", "checkpoint for --dense gpt [the shipped tiny GPT]"}}}}};
}

CommandHelp lmHelp()
{
    const OptionHelp prompt{"--prompt T", "the text to continue (required)"};
    return {"The language model: next-token distribution, evaluation on a text, generation, "
            "attention weights, training a new model on a corpus, and round-to-nearest "
            "quantization of its block matrices against the float32 model (bits per byte, mean "
            "KL of the next-token distributions, top-token agreement, size), and speculative "
            "decoding with a small draft model "
            "(acceptance rate, target passes, speed-up over plain decoding).",
            {{"lm next",
              {prompt, {"--top N", "tokens listed, most probable first [10]"}, kModel, kDevice}},
             {"lm eval",
              {{"--text-file F", "text to score: loss, perplexity and bits per byte (required)"},
               kModel,
               kDevice}},
             {"lm generate",
              {prompt,
               {"--max-tokens N", "tokens to generate [50]"},
               {"--temperature T", "0 is greedy decoding [1]"},
               {"--top-k K", "0 keeps every token [0]"},
               {"--top-p P", "nucleus mass kept [1]"},
               {"--min-p P", "keeps tokens with probability >= P times the largest [0]"},
               {"--seed S", "seed of the draws [0]"},
               kModel,
               kDevice}},
             {"lm attention",
              {prompt,
               {"--unscaled", "softmax of QK^T without the 1/sqrt(d_k) scale, for comparison"},
               kModel,
               kDevice}},
             {"lm train",
              {{"--corpus PATH", "a text file, or a folder of .md and .txt files (required)"},
               {"--out F", "checkpoint written whenever validation loss improves (required)"},
               {"--preset P", "model shape: tiny or small [small]"},
               {"--steps N", "optimiser steps [2000]"},
               {"--seed S", "seed of initialisation, batches and dropout [0]"},
               kDevice,
               {"--batch-size B", "sequences per step [32]"},
               {"--lr L", "peak learning rate after warm-up [0.003]"},
               {"--min-lr L", "learning rate at the end of the cosine [0.0003]"},
               {"--warmup N", "linear warm-up steps [100]"},
               {"--eval-every N", "steps between validation estimates [100]"},
               {"--tokenizer-from M", "reuse checkpoint M's tokenizer and vocabulary size "
                                      "instead of training one (a draft model for M)"},
               {"--vocab-size V", "tokens: 256 bytes plus learned merges [the preset's]"},
               {"--context N", "context length in tokens [the preset's]"},
               {"--layers N", "transformer blocks [the preset's]"},
               {"--heads N", "attention heads per block [the preset's]"},
               {"--width N", "embedding width [the preset's]"},
               {"--dropout P", "dropout rate while training [the preset's]"},
               {"--threads N", "compute threads; 0 is one per CPU, at most 4 [0]"}}},
             {"lm speculative",
              {prompt,
               {"--draft M", "draft checkpoint with the same tokenizer [the shipped draft]"},
               {"--gamma N", "draft tokens per target pass, 1-16 [4]"},
               {"--max-tokens N", "tokens to generate [50]"},
               {"--temperature T", "0 is greedy verification [0]"},
               {"--seed S", "seed of the draws [0]"},
               kModel,
               kDevice}},
             {"lm quantize",
              {{"--bits B", "bits per weight, 2 to 8 (required)"},
               {"--group G", "-1 one scale per tensor, 0 per output row, G inputs per group "
                             "(required)"},
               {"--scheme S", "sym (scale only) or asym (scale and zero point) (required)"},
               kModel,
               {"--text-file F", "text the two models are compared on [the held-out tenth of "
                                 "the question bank]"},
               {"--out F", "write the quantized model as a checkpoint"}}}}};
}

} // namespace

std::vector<Command> commandTable()
{
    auto torch = [](std::string name, std::string usage) {
        return Command{std::move(name), std::move(usage), nullptr, true};
    };
    std::vector<Command> c;
    c.push_back(torch("devices", "devices"));
    c.back().help = {"The compute devices: the CPU, and each CUDA GPU that libtorch can use.", {}};
    c.push_back(
        torch("monte-carlo",
              "monte-carlo [--samples 1000000] [--seed 0] [--checkpoints 100] [--device cpu]"));
    c.back().help = {
        "Estimates pi from random points in the unit square, recording the estimate and its "
        "error along the way (the error shrinks as 1/sqrt(n)).",
        {{"",
          {{"--samples N", "points drawn [1000000]"},
           {"--seed S", "seed of the points [0]"},
           {"--checkpoints N", "estimates recorded along the way [100]"},
           kDevice}}}};
    c.push_back(torch("tokenize", "tokenize --text T [--model M]"));
    c.back().torchFreeRun = runTokenizeWithoutTorch;
    c.back().help = {"Token ids and pieces of a text under a model's byte-pair tokenizer.",
                     {{"", {{"--text T", "the text (required)"}, kModel, kDevice}}}};
    c.push_back(torch(
        "lm",
        "lm next --prompt T [--model M] [--top 10] | lm eval --text-file F [--model M] | "
        "lm generate --prompt T [--temperature 1] [--top-k 0] [--top-p 1] [--min-p 0] [--seed 0] "
        "[--max-tokens 50] [--model M] | lm attention --prompt T [--unscaled] [--model M] | "
        "lm train --corpus PATH --out F [--steps 2000] [--seed 0] [--device cpu] [--preset "
        "small] | lm quantize --bits B --group G --scheme sym|asym [--model M] [--text-file F] "
        "[--out F] | lm speculative --prompt T [--draft M] [--gamma 4] [--max-tokens 50] "
        "[--temperature 0] [--seed 0] [--model M]"));
    c.back().torchFreeRun = runLmWithoutTorch;
    c.back().help = lmHelp();
    addSamplingCommands(c);
    addEvaluationCommands(c);
    addBiasVarianceCommands(c);
    addRegularizationCommands(c);
    addTokenizerLabCommands(c);
    addOptimizeCommands(c);
    addServingCommands(c);
    addTextMetricsCommands(c);
    addVectorIndexCommands(c);
    c.push_back(torch(
        "retrieve", "retrieve (--query T [--retriever hybrid] [--top 10] | --evaluate [--k 5] "
                    "[--eval-file F]) [--dense word2vec|gpt] [--fusion rrf|weighted] [--rrf-k 60] "
                    "[--weight 0.5] [--k1 1.2] [--b 0.75] [--chunk-words 120] [--overlap 30]"));
    c.back().help = retrieveHelp();
    c.push_back(torch(
        "embeddings",
        "embeddings train [--method sgns|ppmi-svd] [--dim 64] [--window 5] [--negatives 5] "
        "[--subsample 0.001] [--epochs 5] [--min-count 3] [--seed 1] [--out F] | embeddings "
        "neighbours --word W [--vectors F] [--top 10] | embeddings analogy --a A --b B --c C "
        "[--vectors F] [--top 5] | embeddings contextual --word W --sentence S1 --sentence S2 "
        "[--model M]"));
    c.back().help = {
        "Static word vectors of the question bank (title + paragraphs of every question, "
        "lower-cased words): skip-gram with negative sampling as word2vec.c / gensim's "
        "Word2Vec(sg=1) (subsampling, dynamic window, unigram^0.75 negatives, linear lr decay "
        "0.025 -> 0.0001), or PPMI (context smoothing 0.75) + truncated SVD; nearest neighbours "
        "by cosine; analogies by 3CosAdd as gensim's most_similar; and the tiny GPT's "
        "contextual vectors of one word in two sentences. Training reports progress on stderr. "
        "Unknown words exit 1 naming them.",
        {{"train",
          {{"--method M", "sgns or ppmi-svd [sgns]"},
           {"--dim D", "vector size [64]"},
           {"--window W", "context words on each side [5]"},
           {"--negatives K", "negative samples per pair (sgns) [5]"},
           {"--subsample T", "subsampling threshold, 0 keeps every word (sgns) [0.001]"},
           {"--epochs E", "passes over the bank (sgns) [5]"},
           {"--min-count M", "least count of a vocabulary word [3]"},
           {"--seed S", "seed [1]"},
           {"--out F", "write the vectors (safetensors: tensor 'vectors', metadata 'words')"}}},
         {"neighbours",
          {{"--word W", "the word whose neighbours are listed (required)"},
           {"--vectors F", "word vectors [the shipped bank-word2vec.safetensors]"},
           {"--top N", "neighbours listed [10]"}}},
         {"analogy",
          {{"--a A", "a of a : b :: c : ? (required)"},
           {"--b B", "b; the answers are the words closest to b - a + c (required)"},
           {"--c C", "c (required)"},
           {"--vectors F", "word vectors [the shipped bank-word2vec.safetensors]"},
           {"--top N", "answers listed [5]"}}},
         {"contextual",
          {{"--word W", "the word compared"},
           {"--sentence S", "a sentence containing the word; give exactly two"},
           kModel}}}};
    c.push_back(torch("lab", "lab ID [--set KEY=VALUE]... [--describe] [--progress]"));
    c.back().torchFreeRun = runLabWithoutTorch;
    c.back().help = labHelp();
    c.push_back(torch("lesson", "lesson FILE"));
    c.back().torchFreeRun = runLessonWithoutTorch;
    c.back().help = lessonHelp();
    c.push_back(
        torch("attention-entropy", "attention-entropy --prompt T [--model M] [--device cpu]"));
    c.back().help = {"Entropy of every attention row per layer and head, with and without the "
                     "1/sqrt(d_k) scale, against the uniform distribution's.",
                     {{"", {{"--prompt T", "the text (required)"}, kModel, kDevice}}}};
    return c;
}

namespace {

void printUsage(std::ostream& err, const std::vector<Command>& table)
{
    err << "usage: mllab-cli [--version | --help] <command> [options]\n\ncommands:\n";
    for (const auto& c : table)
        err << "  " << c.usage << "\n";
    err << "\n'mllab-cli COMMAND --help' describes a command's options.\n"
        << "Output is JSON on stdout; errors go to stderr. Exit 0 ok, 1 bad input, 2 usage.\n";
}

} // namespace

int runCli(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err,
           const std::vector<Command>& table)
{
    if (argv.size() < 2) {
        printUsage(err, table);
        return 2;
    }
    const std::string& name = argv[1];
    if (name == "--version") {
        out << "mllab-cli " << mllabVersion() << " (libtorch " << torchVersion() << ", Eigen "
            << eigenVersion() << ")\n";
        return 0;
    }
    if (name == "--help" || name == "-h") {
        printUsage(out, table);
        return 0;
    }
    for (const auto& c : table) {
        if (c.name != name)
            continue;
        if (asksForHelp(argv)) {
            printCommandHelp(c, argv, out);
            return 0;
        }
        if (!c.run)
            throw std::logic_error("command '" + name + "' has no run function in this executable");
        try {
            return c.run(argv, out);
        } catch (const UsageError& e) {
            err << "mllab-cli " << name << ": " << e.what() << "\nusage: mllab-cli " << c.usage
                << "\n";
            return 2;
        } catch (const InputError& e) {
            err << "mllab-cli " << name << ": " << e.what() << "\n";
            return 1;
        }
    }
    err << "mllab-cli: unknown command '" << name << "'\n";
    printUsage(err, table);
    return 2;
}

} // namespace mllab::cli
