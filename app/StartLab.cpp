#include "app/StartLab.h"

#include "app/labs/LabRegistry.h"
#include "app/labs/LabView.h"
#include "app/labs/ParamControl.h"
#include "app/study/QuestionBank.h"
#include "engine/labs/registry.h"

#include <QCoreApplication>
#include <QUrl>

#include <nlohmann/json.hpp>

namespace ml = mllab::labs;

namespace {

QByteArray bytes(const nlohmann::json& json)
{
    return QByteArray::fromStdString(json.dump() + "\n");
}

QString tr(const char* text)
{
    return QCoreApplication::translate("StartLab", text);
}

} // namespace

StartLab resolveStartLab(const AppOptions& options)
{
    StartLab start;
    // A file manager hands files over as file:// URLs (the desktop entry's %u).
    const QString open = options.open.startsWith(QLatin1String("file://"))
                             ? QUrl(options.open).toLocalFile()
                             : options.open;
    try {
        if (open.startsWith(QLatin1String("mllab://")))
            start.state = ml::readLabLink(open.toStdString());
        else if (!open.isEmpty())
            start.state = ml::readLabStateFile(open.toStdString());
    } catch (const mllab::InputError& e) {
        start.error = QString::fromStdString(e.what());
        return start;
    }
    if (!options.lab.isEmpty()) {
        const ml::LabSpec* spec = ml::findLabSpec(options.lab.toStdString());
        if (!spec) {
            start.error = tr("unknown lab '%1' (known: %2)")
                              .arg(options.lab, LabRegistry::knownLabIds().join(QStringLiteral(", ")));
            return start;
        }
        if (start.state && start.state->lab != spec->id) {
            start.error = tr("--lab %1 does not match the lab of %2 (%3)")
                              .arg(options.lab, options.open, QString::fromStdString(start.state->lab));
            return start;
        }
        if (!start.state)
            start.state = ml::defaultState(*spec);
    }
    if (!options.settings.isEmpty() && !start.state) {
        start.error = tr("--set needs a lab (use --lab ID or a link)");
        return start;
    }
    for (const QString& kv : options.settings) {
        const auto eq = kv.indexOf(QLatin1Char('='));
        const ml::LabSpec& spec = *ml::findLabSpec(start.state->lab);
        if (auto bad = ml::setFromText(spec, *start.state, kv.left(eq).trimmed().toStdString(),
                                         kv.mid(eq + 1).trimmed().toStdString())) {
            start.error = LabView::problemText(*bad);
            start.state.reset();
            return start;
        }
    }
    return start;
}

QByteArray labListJson(const QuestionBank& bank)
{
    nlohmann::json list = nlohmann::json::array();
    for (const LabInfo& lab : LabRegistry::labs()) {
        nlohmann::json questions = nlohmann::json::array();
        for (const Question& q : bank.questions())
            if (q.labs.contains(lab.id))
                questions.push_back(q.id.toStdString());
        list.push_back({{"id", lab.spec->id}, {"title", lab.title.toStdString()}, {"questions", questions}});
    }
    return bytes(list);
}

QByteArray labDescriptionJson(const ml::LabSpec& spec)
{
    nlohmann::json description = ml::describeJson(spec);
    if (const LabInfo* info = LabRegistry::find(QString::fromStdString(spec.id)))
        description["title"] = info->title.toStdString();
    for (auto& param : description["params"]) {
        param["label"] = trParam(param["label"].get<std::string>()).toStdString();
        if (param.contains("help"))
            param["help"] = trParam(param["help"].get<std::string>()).toStdString();
    }
    return bytes(description);
}

QByteArray labStateJson(const ml::LabState& state)
{
    return bytes(ml::stateJson(*ml::findLabSpec(state.lab), state));
}
