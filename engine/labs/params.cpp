#include "engine/labs/params.h"

#include "engine/progress.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <stdexcept>

namespace mllab::labs {

namespace {

/// Shortest round-trip digits; whole numbers below 2^53 without an exponent ("1000000000").
std::string shortest(double v)
{
    if (v == std::floor(v) && std::abs(v) < 9007199254740992.0)
        return std::to_string(static_cast<long long>(v));
    char buffer[32];
    const auto end = std::to_chars(buffer, buffer + sizeof buffer, v).ptr;
    return std::string(buffer, end);
}

std::string joined(const std::vector<std::string>& items)
{
    std::string s;
    for (const auto& item : items)
        s += (s.empty() ? "" : ", ") + item;
    return s;
}

bool parseDouble(std::string_view text, double& out)
{
    if (!text.empty() && text.front() == '+')
        text.remove_prefix(1);
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && end == text.data() + text.size() && std::isfinite(out);
}

bool parseInteger(std::string_view text, long long& out)
{
    if (!text.empty() && text.front() == '+')
        text.remove_prefix(1);
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && end == text.data() + text.size() && !text.empty();
}

std::optional<bool> parseBool(std::string_view text)
{
    for (const char* yes : {"true", "1", "yes", "on"})
        if (text == yes)
            return true;
    for (const char* no : {"false", "0", "no", "off"})
        if (text == no)
            return false;
    return std::nullopt;
}

ParamProblem problem(ParamProblem::Kind kind, const LabSpec& lab, const ParamSpec& p,
                     std::string value)
{
    ParamProblem r;
    r.kind = kind;
    r.lab = lab.id;
    r.key = p.key;
    r.value = std::move(value);
    r.min = p.min;
    r.max = p.max;
    r.choices = p.choices;
    return r;
}

/// Checks a typed value against the declaration; on success stores it (integers as long long).
std::optional<ParamProblem> check(const LabSpec& lab, const ParamSpec& p, const ParamValue& v,
                                  ParamValue& stored)
{
    using Kind = ParamProblem::Kind;
    switch (p.type) {
    case ParamType::Number: {
        double d = 0;
        if (const auto* x = std::get_if<double>(&v))
            d = *x;
        else if (const auto* i = std::get_if<long long>(&v))
            d = double(*i);
        else
            return problem(Kind::NotANumber, lab, p, valueText(v));
        if (!std::isfinite(d))
            return problem(Kind::NotANumber, lab, p, valueText(v));
        if (d < p.min || d > p.max)
            return problem(Kind::OutOfRange, lab, p, valueText(v));
        stored = d;
        return std::nullopt;
    }
    case ParamType::Integer: {
        long long n = 0;
        if (const auto* i = std::get_if<long long>(&v))
            n = *i;
        else if (const auto* x = std::get_if<double>(&v);
                 x && std::isfinite(*x) && *x == std::floor(*x) && std::abs(*x) < 9e15)
            n = static_cast<long long>(*x);
        else
            return problem(Kind::NotAnInteger, lab, p, valueText(v));
        if (double(n) < p.min || double(n) > p.max)
            return problem(Kind::OutOfRange, lab, p, valueText(v));
        stored = n;
        return std::nullopt;
    }
    case ParamType::Bool:
        if (!std::holds_alternative<bool>(v))
            return problem(Kind::NotABool, lab, p, valueText(v));
        stored = v;
        return std::nullopt;
    case ParamType::Choice: {
        const auto* s = std::get_if<std::string>(&v);
        if (!s || std::find(p.choices.begin(), p.choices.end(), *s) == p.choices.end())
            return problem(Kind::NotAChoice, lab, p, valueText(v));
        stored = v;
        return std::nullopt;
    }
    case ParamType::Text:
    case ParamType::File: {
        const auto* s = std::get_if<std::string>(&v);
        if (!s)
            return problem(Kind::WrongJsonType, lab, p, valueText(v));
        // Blank counts as empty: a name or prompt of spaces is no name or prompt.
        if (!p.allowEmpty && s->find_first_not_of(" \t\r\n") == std::string::npos)
            return problem(Kind::Empty, lab, p, *s);
        stored = v;
        return std::nullopt;
    }
    }
    return problem(Kind::WrongJsonType, lab, p, valueText(v));
}

ParamValue* slot(LabState& state, const std::string& key)
{
    for (auto& [k, v] : state.values)
        if (k == key)
            return &v;
    return nullptr;
}

ParamProblem unknownKey(const LabSpec& spec, std::string_view key)
{
    ParamProblem r;
    r.kind = ParamProblem::Kind::UnknownKey;
    r.lab = spec.id;
    r.key = std::string(key);
    for (const auto& p : spec.params)
        r.choices.push_back(p.key);
    return r;
}

std::string percentEncode(std::string_view text)
{
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == ',') {
            out += char(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

std::string percentDecode(std::string_view text)
{
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '+') {
            out += ' ';
        } else if (c == '%' && i + 2 < text.size() && std::isxdigit((unsigned char)text[i + 1]) &&
                   std::isxdigit((unsigned char)text[i + 2])) {
            out += char(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16));
            i += 2;
        } else if (c == '%') {
            throw InputError("the link has a broken %-escape at '" + std::string(text.substr(i, 3)) + "'");
        } else {
            out += c;
        }
    }
    return out;
}

const LabSpec& lookupOrThrow(std::string_view id, const LabSpec* (*lookup)(std::string_view))
{
    const LabSpec* spec = lookup ? lookup(id) : nullptr;
    if (!spec)
        throw InputError("unknown lab '" + std::string(id) + "'");
    return *spec;
}

} // namespace

ParamSpec seedParam(std::string help)
{
    ParamSpec seed{"seed", "Seed", ParamType::Integer, 0LL, 0, 1'000'000, 1};
    seed.help = std::move(help);
    return seed;
}

ParamSpec csvFileParam(std::string help)
{
    ParamSpec csv{"csv", "File", ParamType::File, std::string()};
    csv.allowEmpty = true;
    csv.visibleWhen = "source=csv";
    csv.help = std::move(help);
    return csv;
}

ParamSpec csvColumnParam(std::string key, std::string label, std::string defaultColumn,
                         std::string help)
{
    ParamSpec column{std::move(key), std::move(label), ParamType::Text, std::move(defaultColumn)};
    column.widget = ParamWidget::ComboBox;
    column.visibleWhen = "source=csv";
    column.help = std::move(help);
    return column;
}

ParamSpec tabsParam(std::string key, std::vector<std::string> choices, std::string help)
{
    ParamSpec tabs{std::move(key), "View", ParamType::Choice, choices.front()};
    tabs.choices = std::move(choices);
    tabs.widget = ParamWidget::Tabs;
    tabs.help = std::move(help);
    return tabs;
}

const char* paramTypeName(ParamType type)
{
    switch (type) {
    case ParamType::Number: return "number";
    case ParamType::Integer: return "integer";
    case ParamType::Bool: return "bool";
    case ParamType::Choice: return "choice";
    case ParamType::Text: return "text";
    case ParamType::File: return "file";
    }
    return "text";
}

const ParamSpec* LabSpec::find(std::string_view key) const
{
    for (const auto& p : params)
        if (p.key == key)
            return &p;
    for (const auto& p : params)
        if (std::find(p.oldKeys.begin(), p.oldKeys.end(), key) != p.oldKeys.end())
            return &p;
    return nullptr;
}

const ParamValue& LabState::value(std::string_view key) const
{
    for (const auto& [k, v] : values)
        if (k == key)
            return v;
    throw std::out_of_range("lab '" + lab + "' has no parameter '" + std::string(key) + "'");
}

double LabState::number(std::string_view key) const
{
    const ParamValue& v = value(key);
    if (const auto* i = std::get_if<long long>(&v))
        return double(*i);
    return std::get<double>(v);
}

long long LabState::integer(std::string_view key) const
{
    return std::get<long long>(value(key));
}

bool LabState::flag(std::string_view key) const
{
    return std::get<bool>(value(key));
}

const std::string& LabState::text(std::string_view key) const
{
    return std::get<std::string>(value(key));
}

bool LabState::isHidden(std::string_view key) const
{
    return std::find(hidden.begin(), hidden.end(), key) != hidden.end();
}

bool LabState::operator==(const LabState& other) const
{
    return lab == other.lab && values == other.values && hidden == other.hidden &&
           pinned == other.pinned;
}

std::string problemText(const ParamProblem& p)
{
    using Kind = ParamProblem::Kind;
    const std::string where = p.lab + ": ";
    const std::string range = shortest(p.min) + " to " + shortest(p.max);
    switch (p.kind) {
    case Kind::UnknownKey:
        return where + "unknown parameter '" + p.key + "' (known: " + joined(p.choices) + ")";
    case Kind::NotANumber:
        return where + p.key + " must be a number from " + range + ", got '" + p.value + "'";
    case Kind::NotAnInteger:
        return where + p.key + " must be a whole number from " + range + ", got '" + p.value + "'";
    case Kind::OutOfRange:
        return where + p.key + " must be from " + range + ", got '" + p.value + "'";
    case Kind::NotABool:
        return where + p.key + " must be true or false, got '" + p.value + "'";
    case Kind::NotAChoice:
        return where + p.key + " must be one of " + joined(p.choices) + ", got '" + p.value + "'";
    case Kind::Empty:
        return where + p.key + " must not be empty";
    case Kind::WrongJsonType:
        return where + p.key + " must be " + (p.expected.empty() ? "text" : p.expected) +
               ", got " + p.value;
    }
    return where + p.key + ": bad value '" + p.value + "'";
}

LabState defaultState(const LabSpec& spec)
{
    LabState state;
    state.lab = spec.id;
    for (const auto& p : spec.params)
        state.values.emplace_back(p.key, p.defaultValue);
    return state;
}

std::optional<ParamProblem> setValue(const LabSpec& spec, LabState& state, std::string_view key,
                                     const ParamValue& value)
{
    const ParamSpec* p = spec.find(key);
    if (!p)
        return unknownKey(spec, key);
    ParamValue stored;
    if (auto bad = check(spec, *p, value, stored))
        return bad;
    if (ParamValue* target = slot(state, p->key))
        *target = std::move(stored);
    else
        state.values.emplace_back(p->key, std::move(stored));
    return std::nullopt;
}

std::optional<ParamProblem> setFromText(const LabSpec& spec, LabState& state, std::string_view key,
                                        std::string_view text)
{
    using Kind = ParamProblem::Kind;
    const ParamSpec* p = spec.find(key);
    if (!p)
        return unknownKey(spec, key);
    if (p->isNumeric() && !p->specialValueText.empty() && text == p->specialValueText)
        return setValue(spec, state, p->key, p->type == ParamType::Integer
                                                 ? ParamValue(static_cast<long long>(p->min))
                                                 : ParamValue(p->min));
    switch (p->type) {
    case ParamType::Number: {
        double d = 0;
        if (!parseDouble(text, d))
            return problem(Kind::NotANumber, spec, *p, std::string(text));
        return setValue(spec, state, p->key, d);
    }
    case ParamType::Integer: {
        long long n = 0;
        if (!parseInteger(text, n))
            return problem(Kind::NotAnInteger, spec, *p, std::string(text));
        return setValue(spec, state, p->key, n);
    }
    case ParamType::Bool: {
        const auto b = parseBool(text);
        if (!b)
            return problem(Kind::NotABool, spec, *p, std::string(text));
        return setValue(spec, state, p->key, *b);
    }
    default:
        return setValue(spec, state, p->key, std::string(text));
    }
}

std::optional<ParamProblem> setHidden(const LabSpec& spec, LabState& state,
                                      const std::vector<std::string>& keys)
{
    std::vector<std::string> hidden;
    for (const auto& key : keys) {
        const ParamSpec* p = spec.find(key);
        if (!p)
            return unknownKey(spec, key);
        hidden.push_back(p->key);
    }
    state.hidden.clear();
    for (const auto& p : spec.params) // declaration order, no repeats
        if (std::find(hidden.begin(), hidden.end(), p.key) != hidden.end())
            state.hidden.push_back(p.key);
    return std::nullopt;
}

std::string valueText(const ParamValue& value)
{
    if (const auto* d = std::get_if<double>(&value))
        return shortest(*d);
    if (const auto* i = std::get_if<long long>(&value))
        return std::to_string(*i);
    if (const auto* b = std::get_if<bool>(&value))
        return *b ? "true" : "false";
    return std::get<std::string>(value);
}

nlohmann::json stateJson(const LabSpec& spec, const LabState& state)
{
    const auto paramsOf = [&spec](const LabState& s) {
        nlohmann::json params = nlohmann::json::object();
        for (const auto& p : spec.params)
            std::visit([&](const auto& v) { params[p.key] = v; }, s.value(p.key));
        return params;
    };
    nlohmann::json json{{"format", "mllab-state"},
                        {"version", 1},
                        {"lab", spec.id},
                        {"params", paramsOf(state)},
                        {"hidden", state.hidden}};
    if (state.pinned) {
        LabState pinned = state;
        pinned.values = *state.pinned;
        json["pinned"] = {{"params", paramsOf(pinned)}};
    }
    return json;
}

namespace {

/// Sets each key of a state file's "params" object, validated by the declaration.
void readParams(const LabSpec& spec, LabState& state, const nlohmann::json& params)
{
    if (!params.is_object())
        throw InputError("\"params\" must be an object of key: value");
    for (const auto& [key, v] : params.items()) {
        std::optional<ParamProblem> bad;
        if (v.is_boolean())
            bad = setValue(spec, state, key, v.get<bool>());
        else if (v.is_number_integer())
            bad = setValue(spec, state, key, v.get<long long>());
        else if (v.is_number())
            bad = setValue(spec, state, key, v.get<double>());
        else if (v.is_string())
            bad = setValue(spec, state, key, v.get<std::string>());
        else {
            const ParamSpec* p = spec.find(key);
            bad = p ? problem(ParamProblem::Kind::WrongJsonType, spec, *p, v.dump())
                    : unknownKey(spec, key);
            if (p)
                bad->expected = std::string("a ") + paramTypeName(p->type);
        }
        if (bad)
            throw InputError(problemText(*bad));
    }
}

} // namespace

LabState stateFromJson(const nlohmann::json& json, const LabSpec* (*lookup)(std::string_view))
{
    if (!json.is_object())
        throw InputError("a lab state must be a JSON object");
    if (json.contains("format") && json["format"] != "mllab-state")
        throw InputError("not a lab state: format is " + json["format"].dump());
    if (json.contains("version")) {
        if (!json["version"].is_number_integer())
            throw InputError("the state's version must be a whole number, got " + json["version"].dump());
        if (json["version"].get<long long>() > 1)
            throw InputError("the state was written by a newer MLLab (version " +
                             json["version"].dump() + "; this one reads version 1)");
    }
    if (!json.contains("lab") || !json["lab"].is_string())
        throw InputError("the state names no lab (\"lab\": \"ID\")");
    const LabSpec& spec = lookupOrThrow(json["lab"].get<std::string>(), lookup);
    LabState state = defaultState(spec);
    if (json.contains("params"))
        readParams(spec, state, json["params"]);
    if (json.contains("pinned")) {
        const nlohmann::json& pinned = json["pinned"];
        if (!pinned.is_object() || !pinned.contains("params"))
            throw InputError("\"pinned\" must be an object with the pinned result's \"params\"");
        LabState pinnedState = defaultState(spec);
        try {
            readParams(spec, pinnedState, pinned["params"]);
        } catch (const InputError& e) {
            throw InputError(std::string("pinned: ") + e.what());
        }
        state.pinned = pinnedState.values;
    }
    if (json.contains("hidden")) {
        if (!json["hidden"].is_array())
            throw InputError("\"hidden\" must be a list of parameter keys");
        std::vector<std::string> keys;
        for (const auto& k : json["hidden"]) {
            if (!k.is_string())
                throw InputError("\"hidden\" must hold parameter keys, got " + k.dump());
            keys.push_back(k.get<std::string>());
        }
        if (auto bad = setHidden(spec, state, keys))
            throw InputError(problemText(*bad));
    }
    return state;
}

nlohmann::json describeJson(const LabSpec& spec)
{
    nlohmann::json params = nlohmann::json::array();
    for (const auto& p : spec.params) {
        nlohmann::json j = {{"key", p.key}, {"label", p.label}, {"type", paramTypeName(p.type)}};
        std::visit([&](const auto& v) { j["default"] = v; }, p.defaultValue);
        if (p.type == ParamType::Integer) {
            j["min"] = static_cast<long long>(p.min);
            j["max"] = static_cast<long long>(p.max);
            if (p.step > 0)
                j["step"] = static_cast<long long>(p.step);
        } else if (p.type == ParamType::Number) {
            j["min"] = p.min;
            j["max"] = p.max;
            if (p.step > 0)
                j["step"] = p.step;
        }
        if (!p.unit.empty())
            j["unit"] = p.unit;
        if (p.type == ParamType::Choice)
            j["choices"] = p.choices;
        if (!p.help.empty())
            j["help"] = p.help;
        if (!p.group.empty())
            j["group"] = p.group;
        params.push_back(std::move(j));
    }
    return {{"id", spec.id}, {"title", spec.title}, {"params", params}};
}

std::string stateLink(const LabSpec& spec, const LabState& state)
{
    const LabState defaults = defaultState(spec);
    std::string query;
    for (const auto& p : spec.params) {
        const ParamValue& v = state.value(p.key);
        if (v == defaults.value(p.key))
            continue;
        query += (query.empty() ? "?" : "&") + p.key + "=" + percentEncode(valueText(v));
    }
    if (!state.hidden.empty()) {
        std::string keys;
        for (const auto& k : state.hidden)
            keys += (keys.empty() ? "" : ",") + k;
        query += (query.empty() ? "?" : "&") + std::string("hide=") + keys;
    }
    return "mllab://lab/" + spec.id + query;
}

LabState stateFromLink(std::string_view link, const LabSpec* (*lookup)(std::string_view))
{
    constexpr std::string_view prefix = "mllab://lab/";
    if (link.substr(0, prefix.size()) != prefix)
        throw InputError("a lab link starts with mllab://lab/ID, got '" + std::string(link) + "'");
    link.remove_prefix(prefix.size());
    const auto hash = link.find('#');
    if (hash != std::string_view::npos)
        link = link.substr(0, hash);
    const auto question = link.find('?');
    std::string id(link.substr(0, question));
    if (!id.empty() && id.back() == '/')
        id.pop_back();
    const LabSpec& spec = lookupOrThrow(percentDecode(id), lookup);
    LabState state = defaultState(spec);
    if (question == std::string_view::npos)
        return state;
    std::vector<std::string> hidden;
    std::string_view query = link.substr(question + 1);
    while (!query.empty()) {
        const auto amp = query.find('&');
        const std::string_view item = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
        if (item.empty())
            continue;
        const auto eq = item.find('=');
        const std::string key = percentDecode(item.substr(0, eq));
        const std::string value = eq == std::string_view::npos ? "" : percentDecode(item.substr(eq + 1));
        if (key == "hide") {
            for (auto& k : splitList(value))
                hidden.push_back(k);
            continue;
        }
        if (auto bad = setFromText(spec, state, key, value))
            throw InputError(problemText(*bad));
    }
    if (auto bad = setHidden(spec, state, hidden))
        throw InputError(problemText(*bad));
    return state;
}

std::vector<std::string> splitList(const std::string& list)
{
    std::vector<std::string> items;
    std::size_t start = 0;
    while (start <= list.size()) {
        const auto comma = list.find(',', start);
        std::string item =
            list.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        // "tanh, gelu" from --set or a link reads like "tanh,gelu"
        item.erase(0, item.find_first_not_of(" \t"));
        item.erase(item.find_last_not_of(" \t") + 1);
        if (!item.empty())
            items.push_back(item);
        if (comma == std::string::npos)
            break;
        start = comma + 1;
    }
    return items;
}

} // namespace mllab::labs
