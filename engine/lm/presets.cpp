#include "engine/lm/presets.h"

namespace mllab {
namespace {

GptConfig shape(int layers, int heads, int width, int context, int vocab)
{
    GptConfig c;
    c.layers = layers;
    c.heads = heads;
    c.width = width;
    c.contextLength = context;
    c.vocabSize = vocab;
    return c;
}

std::vector<TrainPreset> makePresets()
{
    return {
        {"tiny", "2 layers x 2 heads, width 64, context 64: the quickest to train",
         shape(2, 2, 64, 64, 512), 500, false},
        {"small", "4 layers x 4 heads, width 128, context 128: the shipped model's shape",
         shape(4, 4, 128, 128, 1024), 2000, false},
        {"larger", "6 layers x 8 heads, width 256, context 256: for a GPU",
         shape(6, 8, 256, 256, 2048), 3000, true},
    };
}

} // namespace

const std::vector<TrainPreset>& trainPresets()
{
    static const std::vector<TrainPreset> presets = makePresets();
    return presets;
}

const TrainPreset& trainPreset(const std::string& id)
{
    std::string known;
    for (const TrainPreset& p : trainPresets()) {
        if (p.id == id)
            return p;
        known += (known.empty() ? "" : ", ") + p.id;
    }
    throw InputError("unknown model preset '" + id + "' (known: " + known + ")");
}

} // namespace mllab
