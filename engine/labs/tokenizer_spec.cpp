// The parameter declaration of the tokenizer lab, apart from its computation: the registry,
// links, state files and lessons read it without linking what the lab computes.

#include "engine/labs/tokenizer.h"

namespace mllab::labs {

namespace {

const char* const kDefaultModelText =
    "Tokenization splits unbelievably long words into subword pieces, so a model never meets an "
    "unknown word: even 🤖 or Zürich become bytes it knows.";

} // namespace

const LabSpec& tokenizerLabSpec()
{
    static const LabSpec spec = [] {
        LabSpec s{"tokenizer", "BPE tokenizer step by step",
                  "Learn byte-pair merges one at a time on your own text, then see how a "
                  "trained tokenizer splits any text into subword tokens."};
        ParamSpec text{"text", "Training text", ParamType::Text,
                       std::string("the cat sat on the mat")};
        text.widget = ParamWidget::TextEdit;
        text.allowEmpty = true; // the pipeline says what an empty text lacks
        text.help = "BPE learns its merges from this text";
        ParamSpec merges{"merges", "Merges", ParamType::Integer, 20LL, 1, kBpeLabMaxMerges, 1};
        merges.help = "How many merges to learn; training stops early once every word is one token";
        ParamSpec probe{"probe", "Trace", ParamType::Text, std::string()};
        probe.allowEmpty = true;
        probe.placeholder = "(the training text)";
        probe.help = "Text whose tokens the step slider shows; empty traces the training text";
        ParamSpec step{"step", "Step", ParamType::Integer, -1LL, -1, kBpeLabMaxMerges, 1};
        step.widget = ParamWidget::InView;
        step.specialValueText = "last";
        step.help = "The merge whose tokens are shown (0: the bytes); last: the last merge learned";
        ParamSpec model{"model", "Model", ParamType::Text, std::string()};
        model.allowEmpty = true;
        model.help = "The language model whose tokenizer is shown: a checkpoint; empty: the "
                     "shipped model";
        ParamSpec modelText{"model_text", "Text for the model's tokenizer", ParamType::Text,
                            std::string(kDefaultModelText)};
        modelText.widget = ParamWidget::TextEdit;
        modelText.allowEmpty = true;
        modelText.lines = 6;
        modelText.help = "Any text, tokenized by the chosen model's tokenizer";
        ParamSpec tab = tabsParam("tab", {"bpe", "model"}, "The page shown");
        tab.choiceLabels = {"BPE step by step", "Model's tokenizer"};
        s.params = {text, merges, probe, step, model, modelText, tab};
        return s;
    }();
    return spec;
}

} // namespace mllab::labs
