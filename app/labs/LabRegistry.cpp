#include "app/labs/LabRegistry.h"

#include "app/labs/activations/ActivationsView.h"
#include "app/labs/attention/AttentionView.h"
#include "app/labs/bias-variance/BiasVarianceView.h"
#include "app/labs/bug-zoo/BugZooView.h"
#include "app/labs/calibration/CalibrationView.h"
#include "app/labs/convolution/ConvolutionView.h"
#include "app/labs/embeddings/EmbeddingsView.h"
#include "app/labs/gradient-flow/GradientFlowView.h"
#include "app/labs/lm-training/LmTrainingView.h"
#include "app/labs/lora/LoraView.h"
#include "app/labs/lr-schedule/LrScheduleView.h"
#include "app/labs/masking/MaskingView.h"
#include "app/labs/monte-carlo/MonteCarloView.h"
#include "app/labs/optimizers/OptimizersView.h"
#include "app/labs/pca/PcaView.h"
#include "app/labs/quantization/QuantizationView.h"
#include "app/labs/regularization/RegularizationView.h"
#include "app/labs/retrieval/RetrievalView.h"
#include "app/labs/roc/RocView.h"
#include "app/labs/sampling/SamplingView.h"
#include "app/labs/serving-memory/ServingMemoryView.h"
#include "app/labs/text-metrics/TextMetricsView.h"
#include "app/labs/vector-index/VectorIndexView.h"
#include "app/labs/speculative/SpeculativeView.h"
#include "app/labs/tokenizer/TokenizerView.h"
#include "app/labs/train-eval/TrainEvalView.h"
#include "engine/labs/registry.h"

#include <QCoreApplication>

#include <map>
#include <string>

namespace {

using Factory = std::function<LabView*(JobRunner*, QWidget*)>;

template <class View>
Factory factory()
{
    return [](JobRunner* jobs, QWidget* parent) -> LabView* { return new View(jobs, parent); };
}

/// The view of each lab, by id; every declared lab must have one.
const std::map<std::string, Factory>& views()
{
    static const std::map<std::string, Factory> all = {
        {"activations", factory<ActivationsView>()},
        {"optimizers", factory<OptimizersView>()},
        {"train-eval", factory<TrainEvalView>()},
        {"embeddings", factory<EmbeddingsView>()},
        {"lora", factory<LoraView>()},
        {"speculative", factory<SpeculativeView>()},
        {"quantization", factory<QuantizationView>()},
        {"masking", factory<MaskingView>()},
        {"serving-memory", factory<ServingMemoryView>()},
        {"text-metrics", factory<TextMetricsView>()},
        {"vector-index", factory<VectorIndexView>()},
        {"retrieval", factory<RetrievalView>()},
        {"bug-zoo", factory<BugZooView>()},
        {"lr-schedule", factory<LrScheduleView>()},
        {"convolution", factory<ConvolutionView>()},
        {"gradient-flow", factory<GradientFlowView>()},
        {"attention", factory<AttentionView>()},
        {"bias-variance", factory<BiasVarianceView>()},
        {"calibration", factory<CalibrationView>()},
        {"lm-training", factory<LmTrainingView>()},
        {"monte-carlo", factory<MonteCarloView>()},
        {"pca", factory<PcaView>()},
        {"regularization", factory<RegularizationView>()},
        {"roc", factory<RocView>()},
        {"sampling", factory<SamplingView>()},
        {"tokenizer", factory<TokenizerView>()},
    };
    return all;
}

QString trLab(const std::string& text)
{
    return QCoreApplication::translate("LabSpec", text.c_str());
}

} // namespace

const std::vector<LabInfo>& LabRegistry::labs()
{
    static const std::vector<LabInfo> all = [] {
        std::vector<LabInfo> labs;
        for (const mllab::labs::LabSpec* spec : mllab::labs::allLabSpecs()) {
            const auto view = views().find(spec->id);
            Q_ASSERT_X(view != views().end(), "LabRegistry", "a declared lab has no view");
            labs.push_back({spec, QString::fromStdString(spec->id), trLab(spec->title),
                            trLab(spec->summary), view->second});
        }
        return labs;
    }();
    return all;
}

const LabInfo* LabRegistry::find(const QString& id)
{
    for (const auto& lab : labs())
        if (lab.id == id)
            return &lab;
    return nullptr;
}

QStringList LabRegistry::knownLabIds()
{
    QStringList ids;
    for (const auto& lab : labs())
        ids << lab.id;
    return ids;
}
