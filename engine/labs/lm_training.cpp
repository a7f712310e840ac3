// The lm-training lab's pipeline (libtorch).
#include "engine/labs/lm_training.h"

#include "engine/datapaths.h"

namespace mllab::labs {

TrainResult computeLmTrainingLab(const LmTrainingLabParams& params, const Progress& progress,
                                 const TrainStepSink& onStep)
{
    TrainParams p = lmTrainingTrainParams(params);
    progress.update(0.0, "reading the corpus");
    p.corpus = readCorpus(params.corpus == "questions" ? questionBankDirectory() : params.corpus);
    return trainLanguageModel(p, progress, onStep);
}

} // namespace mllab::labs
