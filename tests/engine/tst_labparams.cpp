// Lab parameter declarations: parsing and validation from text, JSON state files and links, with
// every bad value refused by a message that names the key, the value and what is allowed.
#include "engine/labs/params.h"
#include "engine/labs/registry.h"
#include "engine/progress.h"
#include "tests/support/enginetest.h"

#include <nlohmann/json.hpp>

using namespace mllab::labs;

namespace {

LabSpec toySpec()
{
    LabSpec s;
    s.id = "toy";
    s.title = "Toy lab";
    ParamSpec t{"threshold", "Threshold", ParamType::Number, 0.5, 0, 1, 0.01};
    ParamSpec k{"top_k", "Top-k", ParamType::Integer, 0LL, 0, 100, 1};
    k.specialValueText = "off";
    k.oldKeys = {"top-k"};
    ParamSpec b{"log_scale", "Log scale", ParamType::Bool, false};
    ParamSpec c{"model", "Model", ParamType::Choice, std::string("logistic")};
    c.choices = {"logistic", "mlp"};
    ParamSpec x{"prompt", "Prompt", ParamType::Text, std::string("The learning rate")};
    ParamSpec f{"csv", "CSV file", ParamType::File, std::string()};
    f.allowEmpty = true;
    s.params = {t, k, b, c, x, f};
    return s;
}

const LabSpec* lookup(std::string_view id)
{
    static const LabSpec spec = toySpec();
    return id == spec.id ? &spec : nullptr;
}

std::string setText(LabState& state, const std::string& key, const std::string& text)
{
    const auto bad = setFromText(*lookup("toy"), state, key, text);
    return bad ? problemText(*bad) : std::string();
}

} // namespace

ENGINE_TEST(defaultsCoverEveryParameterInOrder)
{
    const LabState s = defaultState(*lookup("toy"));
    QCOMPARE(s.values.size(), std::size_t(6));
    QCOMPARE(s.values[0].first, std::string("threshold"));
    QCOMPARE(s.number("threshold"), 0.5);
    QCOMPARE(s.integer("top_k"), 0LL);
    QCOMPARE(s.flag("log_scale"), false);
    QCOMPARE(s.text("model"), std::string("logistic"));
}

ENGINE_TEST(textIsParsedByType)
{
    LabState s = defaultState(*lookup("toy"));
    QCOMPARE(setText(s, "threshold", "0.25"), std::string());
    QCOMPARE(s.number("threshold"), 0.25);
    QCOMPARE(setText(s, "threshold", "+1"), std::string());
    QCOMPARE(setText(s, "top_k", "40"), std::string());
    QCOMPARE(s.integer("top_k"), 40LL);
    QCOMPARE(setText(s, "top_k", "off"), std::string()); // the special value text is the minimum
    QCOMPARE(s.integer("top_k"), 0LL);
    for (const char* yes : {"true", "1", "yes", "on"}) {
        s = defaultState(*lookup("toy"));
        QCOMPARE(setText(s, "log_scale", yes), std::string());
        QCOMPARE(s.flag("log_scale"), true);
    }
    QCOMPARE(setText(s, "model", "mlp"), std::string());
    QCOMPARE(setText(s, "prompt", "a b=c&d"), std::string());
    QCOMPARE(s.text("prompt"), std::string("a b=c&d"));
    QCOMPARE(setText(s, "csv", ""), std::string()); // allowed empty
}

ENGINE_TEST(badValuesNameKeyValueAndWhatIsAllowed)
{
    struct Case {
        const char* key;
        const char* text;
        const char* message;
    };
    const Case cases[] = {
        {"threshold", "7", "toy: threshold must be from 0 to 1, got '7'"},
        {"threshold", "-0.01", "toy: threshold must be from 0 to 1, got '-0.01'"},
        {"threshold", "high", "toy: threshold must be a number from 0 to 1, got 'high'"},
        {"threshold", "nan", "toy: threshold must be a number from 0 to 1, got 'nan'"},
        {"threshold", "inf", "got 'inf'"},
        {"threshold", "", "got ''"},
        {"threshold", "0.5x", "got '0.5x'"},
        {"top_k", "2.5", "toy: top_k must be a whole number from 0 to 100, got '2.5'"},
        {"top_k", "101", "toy: top_k must be from 0 to 100, got '101'"},
        {"top_k", "99999999999999999999", "whole number"},
        {"log_scale", "maybe", "toy: log_scale must be true or false, got 'maybe'"},
        {"model", "svm", "toy: model must be one of logistic, mlp, got 'svm'"},
        {"prompt", "", "toy: prompt must not be empty"},
        {"nope", "1", "toy: unknown parameter 'nope' (known: threshold, top_k, log_scale, model, prompt, csv)"},
    };
    for (const Case& c : cases) {
        LabState s = defaultState(*lookup("toy"));
        const LabState before = s;
        QCOMPARE(setText(s, c.key, c.text).find(c.message) != std::string::npos, true);
        QVERIFY2(s == before, std::string("a refused value changed the state: ") + c.key);
    }
}

ENGINE_TEST(oldKeysAreReadAsTheirNewNames)
{
    LabState s = defaultState(*lookup("toy"));
    QCOMPARE(setText(s, "top-k", "7"), std::string());
    QCOMPARE(s.integer("top_k"), 7LL);
    QCOMPARE(s.values.size(), std::size_t(6));
}

ENGINE_TEST(stateJsonRoundTrips)
{
    LabState s = defaultState(*lookup("toy"));
    setText(s, "threshold", "0.125");
    setText(s, "top_k", "3");
    setText(s, "log_scale", "true");
    setText(s, "prompt", "héllo \"quoted\"");
    QVERIFY(!setHidden(*lookup("toy"), s, {"prompt", "threshold"}));
    const nlohmann::json j = stateJson(*lookup("toy"), s);
    QCOMPARE(j["format"].get<std::string>(), std::string("mllab-state"));
    QCOMPARE(j["version"].get<int>(), 1);
    QVERIFY(j["params"]["threshold"].is_number_float());
    QVERIFY(j["params"]["top_k"].is_number_integer());
    QVERIFY(j["params"]["log_scale"].is_boolean());
    // hidden keys in declaration order
    QCOMPARE(j["hidden"].dump(), std::string("[\"threshold\",\"prompt\"]"));
    const LabState back = stateFromJson(nlohmann::json::parse(j.dump()), lookup);
    QVERIFY(back == s);
}

ENGINE_TEST(badStateFilesAreRefusedWithTheirProblem)
{
    struct Case {
        const char* json;
        const char* message;
    };
    const Case cases[] = {
        {"[1, 2]", "must be a JSON object"},
        {R"({"format": "mllab-lesson", "lab": "toy"})", "not a lab state"},
        {R"({"format": "mllab-state", "version": 2, "lab": "toy"})", "newer MLLab"},
        {R"({"format": "mllab-state", "version": "1", "lab": "toy"})", "version must be a whole number"},
        {R"({"format": "mllab-state", "version": 1})", "names no lab"},
        {R"({"format": "mllab-state", "version": 1, "lab": "nope"})", "unknown lab 'nope'"},
        {R"({"lab": "toy", "params": {"threshold": "0.5"}})", "threshold must be a number"},
        {R"({"lab": "toy", "params": {"threshold": 2}})", "threshold must be from 0 to 1, got '2'"},
        {R"({"lab": "toy", "params": {"top_k": 1.5}})", "top_k must be a whole number"},
        {R"({"lab": "toy", "params": {"log_scale": 1}})", "log_scale must be true or false"},
        {R"({"lab": "toy", "params": {"model": null}})", "model must be a choice"},
        {R"({"lab": "toy", "params": {"bogus": 1}})", "unknown parameter 'bogus'"},
        {R"({"lab": "toy", "params": []})", "\"params\" must be an object"},
        {R"({"lab": "toy", "hidden": "threshold"})", "\"hidden\" must be a list"},
        {R"({"lab": "toy", "hidden": ["nope"]})", "unknown parameter 'nope'"},
    };
    for (const Case& c : cases)
        QVERIFY_THROWS_MESSAGE(stateFromJson(nlohmann::json::parse(c.json), lookup),
                               mllab::InputError, c.message);
}

ENGINE_TEST(missingKeysTakeDefaults)
{
    const LabState s = stateFromJson(nlohmann::json::parse(R"({"lab": "toy", "params": {"top_k": 9}})"), lookup);
    QCOMPARE(s.integer("top_k"), 9LL);
    QCOMPARE(s.number("threshold"), 0.5);
    // A whole number is a valid value of a number parameter.
    const LabState t = stateFromJson(nlohmann::json::parse(R"({"lab": "toy", "params": {"threshold": 1}})"), lookup);
    QCOMPARE(t.number("threshold"), 1.0);
    QVERIFY(std::holds_alternative<double>(t.value("threshold")));
}

ENGINE_TEST(linksCarryChangedValuesAndHiddenKeys)
{
    const LabSpec& spec = *lookup("toy");
    LabState s = defaultState(spec);
    QCOMPARE(stateLink(spec, s), std::string("mllab://lab/toy"));
    setText(s, "threshold", "0.3");
    setText(s, "prompt", "a b&c=d%é");
    setHidden(spec, s, {"top_k", "model"});
    const std::string link = stateLink(spec, s);
    QCOMPARE(link, std::string("mllab://lab/toy?threshold=0.3&prompt=a%20b%26c%3Dd%25%C3%A9&hide=top_k,model"));
    QVERIFY(stateFromLink(link, lookup) == s);

    // A link and --set of the same values give identical states.
    LabState viaSet = defaultState(spec);
    setText(viaSet, "threshold", "0.3");
    QVERIFY(stateFromLink("mllab://lab/toy?threshold=0.3", lookup) == viaSet);
    QVERIFY(stateFromLink("mllab://lab/toy/?threshold=0.3#frag", lookup) == viaSet);
    QVERIFY(stateFromLink("mllab://lab/toy?prompt=two+words", lookup).text("prompt") == "two words");
}

ENGINE_TEST(badLinksAreRefused)
{
    QVERIFY_THROWS_MESSAGE(stateFromLink("http://x/lab/toy", lookup), mllab::InputError, "starts with mllab://lab/ID");
    QVERIFY_THROWS_MESSAGE(stateFromLink("mllab://lab/nope?a=1", lookup), mllab::InputError, "unknown lab 'nope'");
    QVERIFY_THROWS_MESSAGE(stateFromLink("mllab://lab/toy?threshold=9", lookup), mllab::InputError,
                           "threshold must be from 0 to 1, got '9'");
    QVERIFY_THROWS_MESSAGE(stateFromLink("mllab://lab/toy?hide=nope", lookup), mllab::InputError,
                           "unknown parameter 'nope'");
    QVERIFY_THROWS_MESSAGE(stateFromLink("mllab://lab/toy?prompt=%zz", lookup), mllab::InputError,
                           "broken %-escape");
}

ENGINE_TEST(describeListsTheDeclaration)
{
    const nlohmann::json d = describeJson(*lookup("toy"));
    QCOMPARE(d["id"].get<std::string>(), std::string("toy"));
    QCOMPARE(d["params"].size(), std::size_t(6));
    const auto& t = d["params"][0];
    QCOMPARE(t["type"].get<std::string>(), std::string("number"));
    QCOMPARE(t["min"].get<double>(), 0.0);
    QCOMPARE(t["max"].get<double>(), 1.0);
    QCOMPARE(t["step"].get<double>(), 0.01);
    QVERIFY(!t.contains("choices"));
    const auto& c = d["params"][3];
    QCOMPARE(c["type"].get<std::string>(), std::string("choice"));
    QCOMPARE(c["choices"].dump(), std::string("[\"logistic\",\"mlp\"]"));
    QVERIFY(!c.contains("min"));
    QVERIFY(d["params"][2]["default"].is_boolean());
}

/// Values worth trying for a parameter: its bounds and a middle value, every choice, both bools,
/// text with characters links must escape.
std::vector<ParamValue> probes(const ParamSpec& p)
{
    switch (p.type) {
    case ParamType::Number: return {p.min, p.max, p.min + (p.max - p.min) / 3};
    case ParamType::Integer:
        return {static_cast<long long>(p.min), static_cast<long long>(p.max),
                static_cast<long long>(p.min + (p.max - p.min) / 3)};
    case ParamType::Bool: return {true, false};
    case ParamType::Choice: {
        std::vector<ParamValue> values;
        for (const auto& c : p.choices)
            values.emplace_back(c);
        return values;
    }
    case ParamType::Text:
    case ParamType::File: return {std::string("a b&c=d/é%?#,x")};
    }
    return {};
}

ENGINE_TEST(everyLabDeclarationIsConsistent)
{
    for (const LabSpec* spec : allLabSpecs()) {
        QVERIFY2(findLabSpec(spec->id) == spec, spec->id);
        QVERIFY2(!spec->title.empty() && !spec->summary.empty(), spec->id);
        std::vector<std::string> names;
        for (const ParamSpec& p : spec->params) {
            const std::string where = spec->id + "." + p.key;
            // One naming rule: snake_case keys, unique with their old names.
            QVERIFY2(!p.key.empty() && p.key.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") ==
                                           std::string::npos,
                     where + " is not snake_case");
            for (const std::string& name : names)
                QVERIFY2(name != p.key, where + " is declared twice");
            names.push_back(p.key);
            for (const auto& old : p.oldKeys) {
                for (const std::string& name : names)
                    QVERIFY2(name != old, where + ": old key " + old + " is taken");
                names.push_back(old);
            }
            QVERIFY2(!p.label.empty(), where + " has no label");
            if (p.isNumeric())
                QVERIFY2(p.min <= p.max, where + " has an empty range");
            if (p.type == ParamType::Choice)
                QVERIFY2(!p.choices.empty(), where + " has no choices");
            // Every default passes its own declaration.
            LabState state = defaultState(*spec);
            const auto bad = setValue(*spec, state, p.key, p.defaultValue);
            QVERIFY2(!bad, where + ": the default is refused: " + (bad ? problemText(*bad) : ""));
        }
        // Conditions name declared keys.
        for (const ParamSpec& p : spec->params)
            for (const std::string* condition : {&p.visibleWhen, &p.enabledWhen})
                if (!condition->empty())
                    QVERIFY2(spec->find(condition->substr(0, condition->find('='))),
                             spec->id + "." + p.key + ": condition on an unknown key");
    }
}

ENGINE_TEST(everyParameterOfEveryLabRoundTrips)
{
    // --set, links and state files give identical states for every value worth trying.
    for (const LabSpec* spec : allLabSpecs()) {
        for (const ParamSpec& p : spec->params) {
            for (const ParamValue& value : probes(p)) {
                const std::string where = spec->id + "." + p.key + "=" + valueText(value);
                LabState viaSet = defaultState(*spec);
                const auto bad = setFromText(*spec, viaSet, p.key, valueText(value));
                QVERIFY2(!bad, where + ": " + (bad ? problemText(*bad) : ""));
                QVERIFY2(viaSet.value(p.key) == value, where + " read back differently");
                const LabState viaLink = readLabLink(stateLink(*spec, viaSet));
                QVERIFY2(viaLink == viaSet, where + ": the link gives another state");
                const LabState viaFile =
                    readLabStateText(stateJson(*spec, viaSet).dump(2), "state.mllab");
                QVERIFY2(viaFile == viaSet, where + ": the state file gives another state");
            }
        }
    }
}

ENGINE_TEST(stateFileProblemsNameTheFile)
{
    QVERIFY_THROWS_MESSAGE(readLabStateText("{\"format\": \"mllab-state\", \"lab\": ", "a.mllab"),
                           mllab::InputError, "a.mllab is truncated");
    QVERIFY_THROWS_MESSAGE(readLabStateText("{\"lab\": x}", "b.mllab"), mllab::InputError,
                           "b.mllab is not a lab state: its JSON is malformed at byte");
    QVERIFY_THROWS_MESSAGE(readLabStateText("{\"lab\": \"nope\"}", "c.mllab"), mllab::InputError,
                           "c.mllab: unknown lab 'nope'");
    QVERIFY_THROWS_MESSAGE(readLabStateFile("/nonexistent/d.mllab"), mllab::InputError, "d.mllab");
    // Found by fuzz_labs: nlohmann-json reports this as out_of_range, not as a parse error.
    QVERIFY_THROWS_MESSAGE(
        readLabStateText("{\"format\": \"mllab-state\", \"version\": 1e400}", "e.mllab"),
        mllab::InputError, "e.mllab is not a lab state: its number '1e400' is beyond the range");
}

ENGINE_TEST(aPinnedResultTravelsInTheStateFile)
{
    const LabSpec& spec = *findLabSpec("roc");
    LabState state = defaultState(spec);
    LabState pinned = state;
    QVERIFY(!setFromText(spec, pinned, "imbalance", "19"));
    state.pinned = pinned.values;
    const nlohmann::json json = stateJson(spec, state);
    QCOMPARE(json["pinned"]["params"]["imbalance"].get<long long>(), 19LL);
    const LabState back = readLabStateText(json.dump(), "pin.mllab");
    QVERIFY(back == state);
    QVERIFY(back.pinned.has_value());
    QVERIFY(!stateJson(spec, defaultState(spec)).contains("pinned"));

    nlohmann::json bad = json;
    bad["pinned"]["params"]["separation"] = 99;
    QVERIFY_THROWS_MESSAGE(readLabStateText(bad.dump(), "pin.mllab"), mllab::InputError,
                           "pinned: roc: separation");
    bad["pinned"] = 3;
    QVERIFY_THROWS_MESSAGE(readLabStateText(bad.dump(), "pin.mllab"), mllab::InputError,
                           "\"pinned\" must be an object");
}

ENGINE_TEST_MAIN(tst_labparams)
