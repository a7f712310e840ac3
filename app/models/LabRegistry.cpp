#include "app/models/LabRegistry.h"

#include "app/views/BiasVarianceView.h"
#include "app/views/MonteCarloView.h"
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
    labs.push_back({QStringLiteral("monte-carlo"), trLab("Monte Carlo convergence"),
                    trLab("Estimate π from random points and watch the error shrink as 1/√n."),
                    {},
                    [](JobRunner* jobs, QWidget* parent) -> LabView* {
                        return new MonteCarloView(jobs, parent);
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
