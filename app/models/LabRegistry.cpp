#include "app/models/LabRegistry.h"

#include "app/views/MonteCarloView.h"
#include "app/views/SamplingView.h"

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
