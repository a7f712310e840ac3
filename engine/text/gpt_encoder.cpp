#include "engine/text/gpt_encoder.h"

#include "engine/lm/model.h"
#include "engine/runtime.h"

#include <cmath>

namespace mllab::text {

TextEncoder gptPooledEncoder(std::shared_ptr<const LanguageModel> model)
{
    return [model](const std::string& text) {
        const int dim = model->config().width;
        std::vector<float> mean(std::size_t(dim), 0.0f);
        if (wordTokens(text).empty())
            return mean;
        const SingleComputeThread oneThread;
        const HiddenStates h = model->hiddenStates(text);
        if (h.vectors.empty())
            return mean;
        std::vector<double> sum(std::size_t(h.dim), 0.0);
        for (const auto& v : h.vectors)
            for (int d = 0; d < h.dim; ++d)
                sum[std::size_t(d)] += v[std::size_t(d)];
        double norm = 0;
        for (const double s : sum)
            norm += s * s;
        norm = std::sqrt(norm);
        mean.assign(std::size_t(h.dim), 0.0f);
        if (norm > 0)
            for (int d = 0; d < h.dim; ++d)
                mean[std::size_t(d)] = float(sum[std::size_t(d)] / norm);
        return mean;
    };
}

} // namespace mllab::text
