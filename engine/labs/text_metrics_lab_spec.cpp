// The parameter declaration of the text-metrics lab, apart from its computation: the registry,
// links, state files and lessons read it without linking what the lab computes.

#include "engine/labs/text_metrics_lab.h"

namespace mllab::labs {

const std::vector<TextMetricsExample>& textMetricsExamples()
{
    static const std::vector<TextMetricsExample> examples{
        {"paraphrase",
         "Paraphrase",
         "when a model overfits it memorises training data and new data makes it fail",
         {"the model overfits the training data and fails on new data"},
         "Same meaning in other words: no 4-gram is shared, so unsmoothed BLEU is practically 0, "
         "while ROUGE-1 still finds most of the reference's words."},
        {"reordering",
         "Reordering",
         "on new data the model fails and overfits the training data",
         {"the model overfits the training data and fails on new data"},
         "The same words in another order: ROUGE-1 is near 1 and BLEU stays high on the "
         "phrases kept intact, but ROUGE-L's longest common subsequence covers only part."},
        {"short",
         "Short candidate",
         "the model overfits the training data",
         {"the model overfits the training data and fails on new data"},
         "Every n-gram of the candidate matches, so BLEU's precisions are all 1 and ROUGE "
         "precision is 1, but half the reference is missing: BLEU's brevity penalty and "
         "ROUGE's recall both see it."},
    };
    return examples;
}

const LabSpec& textMetricsLabSpec()
{
    static const LabSpec spec = [] {
        LabSpec s{"text-metrics", "BLEU and ROUGE",
                  "Score a candidate text against references with BLEU (n-gram precision and a "
                  "brevity penalty, as NLTK) and ROUGE-1, ROUGE-2 and ROUGE-L (recall, precision "
                  "and F1)."};
        ParamSpec candidate{"candidate", "Candidate", ParamType::Text,
                            std::string("the model learns the training data too well")};
        candidate.widget = ParamWidget::TextEdit;
        candidate.lines = 3;
        candidate.help = "The text scored; whitespace-separated, case-sensitive tokens";
        ParamSpec references{
            "references", "References", ParamType::Text,
            std::string("the model fits the training data too well and fails on new data\n"
                        "overfitting means learning the noise in the training data")};
        references.widget = ParamWidget::TextEdit;
        references.lines = 4;
        references.help = "One reference per line; BLEU clips counts over all of them, ROUGE "
                          "takes the best one by F1";
        ParamSpec example{"example", "Example", ParamType::Choice, std::string("custom")};
        example.choices = {"custom"};
        example.choiceLabels = {"Your own texts"};
        for (const auto& e : textMetricsExamples()) {
            example.choices.push_back(e.id);
            example.choiceLabels.push_back(e.label);
        }
        example.help = "A shipped pair where BLEU and ROUGE disagree (its texts are in the "
                       "Matches tab); choosing Your own texts afterwards starts from its texts";
        candidate.visibleWhen = "example=custom"; // an example scores its own texts
        references.visibleWhen = "example=custom";
        ParamSpec smoothing{"smoothing", "BLEU smoothing", ParamType::Choice, std::string("0")};
        smoothing.choices = {"0", "1", "2", "3", "4", "5", "7"};
        smoothing.choiceLabels = {
            "0: none",           "1: ε = 0.1 for a zero count", "2: add one (n > 1)",
            "3: NIST, 1/2^k",    "4: ln(length)/(5·2^k)",       "5: average of neighbours",
            "7: methods 4 and 5"};
        smoothing.help = "NLTK's SmoothingFunction method for n-gram orders without a match "
                         "(Chen & Cherry 2014); 0 leaves BLEU practically 0";
        s.params = {example, candidate, references, smoothing,
                    tabsParam("tab", {"bleu", "rouge", "matches"},
                              "The chart or the highlighted matches shown")};
        return s;
    }();
    return spec;
}

} // namespace mllab::labs
