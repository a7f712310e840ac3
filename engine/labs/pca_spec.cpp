// The parameter declaration of the pca lab, apart from its computation: the registry,
// links, state files and lessons read it without linking what the lab computes.

#include "engine/labs/pca.h"

namespace mllab::labs {

const LabSpec& pcaLabSpec()
{
    static const LabSpec spec = [] {
        LabSpec s{
            "pca", "PCA",
            "Scree plot, projection and loadings of real data, and why standardising matters."};
        ParamSpec source{"source", "Data", ParamType::Choice, std::string("iris")};
        source.choices = {"iris", "wine", "breast-cancer", "units-m", "units-mm", "csv"};
        source.choiceLabels = {"Iris (4 features)",           "Wine (13 features)",
                               "Breast cancer (30 features)", "Body sizes, all in metres",
                               "Body sizes, arm span in mm",  "Columns of a CSV file…"};
        source.help = "A shipped dataset, the units demonstration, or your own CSV";
        ParamSpec standardize{"standardize", "Standardise features", ParamType::Bool, false};
        standardize.help = "Divide each centred feature by its standard deviation, so that units "
                           "stop mattering";
        ParamSpec x{"x", "Scatter x", ParamType::Integer, 1LL, 1, 50, 1};
        x.help = "The component on the projection's horizontal axis";
        ParamSpec y{"y", "Scatter y", ParamType::Integer, 2LL, 1, 50, 1};
        y.help = "The component on the projection's vertical axis";
        ParamSpec csv = csvFileParam("A CSV file with a header row and numeric columns");
        ParamSpec cls = csvColumnParam(
            "class", "Class", "",
            "A column naming each row's class (colours the projection); empty: none");
        cls.allowEmpty = true;
        ParamSpec features{"features", "Features", ParamType::Text, std::string()};
        features.allowEmpty = true;
        features.visibleWhen = "source=csv";
        features.help = "The numeric columns to analyse, comma separated; empty: every column "
                        "but the class";
        ParamSpec tab = tabsParam("tab", {"scree", "projection", "loadings"}, "The chart shown");
        s.params = {source, standardize, x, y, csv, cls, features, tab};
        return s;
    }();
    return spec;
}

} // namespace mllab::labs
