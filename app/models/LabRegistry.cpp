#include "app/models/LabRegistry.h"

#include "app/views/CalibrationView.h"
#include "app/views/MonteCarloView.h"
#include "app/views/SamplingView.h"
#include "app/views/PcaView.h"
#include "app/views/RocView.h"
#include "app/views/AttentionView.h"
#include "app/views/LmTrainingView.h"
#include "app/views/TokenizerView.h"
#include "app/views/BiasVarianceView.h"
#include "app/views/RegularizationView.h"

#include <QCoreApplication>

namespace {

QString trLab(const char* text)
{
    return QCoreApplication::translate("LabRegistry", text);
}

std::vector<LabInfo> builtLabs()
{
    std::vector<LabInfo> labs;
    labs.push_back({QStringLiteral("sampling"), trLab("Sampling: temperature, top-k, top-p, min-p"),
                    trLab("Reshape the real next-token distribution of the small GPT and sample from it."),
                    {QStringLiteral("temperature"), QStringLiteral("decoding-strategies"),
                     QStringLiteral("hallucination"), QStringLiteral("beam-search")},
                    [](JobRunner* jobs, QWidget* parent) -> LabView* { return new SamplingView(jobs, parent); }});
    labs.push_back({QStringLiteral("roc"), trLab("ROC and precision-recall"),
                    trLab("Score held-out data with a real classifier, move the threshold and "
                          "watch AUC-ROC hold while average precision falls on rare positives."),
                    {QStringLiteral("precision-recall-f1"), QStringLiteral("roc-auc"),
                     QStringLiteral("imbalanced-data")},
                    [](JobRunner* jobs, QWidget* parent) -> LabView* {
                        return new RocView(jobs, parent);
                    }});
    labs.push_back({QStringLiteral("calibration"), trLab("Calibration and temperature scaling"),
                    trLab("Reliability diagrams of a real model before and after fitting one "
                          "temperature on a validation split."),
                    {QStringLiteral("evaluation-beyond-accuracy"), QStringLiteral("temperature")},
                    [](JobRunner* jobs, QWidget* parent) -> LabView* {
                        return new CalibrationView(jobs, parent);
                    }});
    labs.push_back({QStringLiteral("pca"), trLab("PCA"),
                    trLab("Scree plot, projection and loadings of real data, and why "
                          "standardising matters."),
                    {QStringLiteral("pca")},
                    [](JobRunner* jobs, QWidget* parent) -> LabView* {
                        return new PcaView(jobs, parent);
                    }});
    labs.push_back({QStringLiteral("attention"), trLab("Attention heatmaps"),
                    trLab("See which earlier tokens each token of a prompt attends to, head by "
                          "head, and what dropping the 1/√d_k scaling does to the softmax."),
                    {QStringLiteral("transformer-attention"),
                     QStringLiteral("positional-encodings"), QStringLiteral("long-context")},
                    [](JobRunner* jobs, QWidget* parent) -> LabView* {
                        return new AttentionView(jobs, parent);
                    }});
    labs.push_back({QStringLiteral("tokenizer"), trLab("BPE tokenizer step by step"),
                    trLab("Learn byte-pair merges one at a time on your own text, then see how a "
                          "trained tokenizer splits any text into subword tokens."),
                    {QStringLiteral("tokenization")},
                    [](JobRunner* jobs, QWidget* parent) -> LabView* {
                        return new TokenizerView(jobs, parent);
                    }});
    labs.push_back({QStringLiteral("lm-training"), trLab("Train your own GPT"),
                    trLab("Train a small GPT on the question bank or your own text and watch the "
                          "train and validation loss, the bigram baseline and the learning rate."),
                    {QStringLiteral("training-loop"), QStringLiteral("lr-scheduler"),
                     QStringLiteral("debugging-loss")},
                    [](JobRunner* jobs, QWidget* parent) -> LabView* {
                        return new LmTrainingView(jobs, parent);
                    }});
    labs.push_back({QStringLiteral("bias-variance"), trLab("Bias-variance and double descent"),
                    trLab("Fit many training sets, split the test error into bias², variance "
                          "and noise, read learning curves, and watch double descent."),
                    {QStringLiteral("bias-variance"), QStringLiteral("double-descent")},
                    [](JobRunner* jobs, QWidget* parent) -> LabView* {
                        return new BiasVarianceView(jobs, parent);
                    }});
    labs.push_back({QStringLiteral("regularization"), trLab("Regularization: L1, L2 and paths"),
                    trLab("See why the L1 diamond zeroes weights and the L2 circle does not, and "
                          "follow lasso and ridge coefficients as the penalty grows."),
                    {QStringLiteral("regularization-l1-l2"), QStringLiteral("l1-geometry"),
                     QStringLiteral("optimizers-adam-sgd")},
                    [](JobRunner* jobs, QWidget* parent) -> LabView* {
                        return new RegularizationView(jobs, parent);
                    }});
    labs.push_back({QStringLiteral("monte-carlo"), trLab("Monte Carlo convergence"),
                    trLab("Estimate π from random points and watch the error shrink as 1/√n."),
                    {},
                    [](JobRunner* jobs, QWidget* parent) -> LabView* {
                        return new MonteCarloView(jobs, parent);
                    }});
    return labs;
}

} // namespace

const std::vector<LabInfo>& LabRegistry::labs()
{
    static const std::vector<LabInfo> all = builtLabs();
    return all;
}

const LabInfo* LabRegistry::find(const QString& id)
{
    for (const auto& lab : labs())
        if (lab.id == id)
            return &lab;
    return nullptr;
}

const QStringList& LabRegistry::knownLabIds()
{
    static const QStringList ids = {
        QStringLiteral("sampling"),    QStringLiteral("attention"),     QStringLiteral("tokenizer"),
        QStringLiteral("lm-training"), QStringLiteral("roc"),           QStringLiteral("calibration"),
        QStringLiteral("pca"),         QStringLiteral("bias-variance"), QStringLiteral("regularization"),
        QStringLiteral("monte-carlo"),
    };
    return ids;
}
