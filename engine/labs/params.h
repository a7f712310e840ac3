#pragma once
// One declaration of a lab's parameters, from which everything else derives: the app's form,
// the parsing and validation of `--set`, links, state files and presets, reset, and the
// `--describe` output of both `mllab` and `mllab-cli lab`. Qt-free; labels, help and messages are
// English here and translated by the app.
//
// A lab state is the value of every declared parameter plus the keys whose controls are hidden
// (classroom links). Reading a state from any source validates every value against the
// declaration; nothing from outside is trusted.

#include <nlohmann/json_fwd.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace mllab::labs {

enum class ParamType { Number, Integer, Bool, Choice, Text, File };

/// "number", "integer", "bool", "choice", "text", "file" (the --describe spelling).
const char* paramTypeName(ParamType type);

/// A value: Number as double, Integer as long long, Bool as bool, and Choice, Text and File as
/// text.
using ParamValue = std::variant<double, long long, bool, std::string>;

/// How the app shows a parameter; Auto lets the type decide (slider for a bounded number, spin
/// box for an integer, combo box, check box, line edit, file picker). Tabs and InView get no row
/// in the form: the lab's own widget beside its charts shows them (chart tabs; a step slider
/// whose range follows a kept result).
enum class ParamWidget {
    Auto, Slider, SpinBox, ComboBox, CheckBox, LineEdit, TextEdit, Tabs, InView
};

struct ParamSpec {
    ParamSpec() = default;
    /// The common part of a declaration: ParamSpec{"noise", "Noise σ", ParamType::Number, 0.3,
    /// 0, 2, 0.05}; the rest is set by name afterwards.
    ParamSpec(std::string key, std::string label, ParamType type, ParamValue defaultValue,
              double min = 0, double max = 0, double step = 0)
        : key(std::move(key)), label(std::move(label)), type(type),
          defaultValue(std::move(defaultValue)), min(min), max(max), step(step)
    {
    }

    std::string key;                     ///< snake_case; links, state files, presets and --set use it
    std::string label;                   ///< the form's label
    ParamType type = ParamType::Number;
    ParamValue defaultValue;
    double min = 0, max = 0;             ///< Number, Integer: the allowed range, both inclusive
    double step = 0;                     ///< Number, Integer: the control's step (0: none)
    int decimals = 2; ///< Number: digits shown after the point; -1: 3 significant
    std::string unit;                    ///< shown after the value, e.g. "%" or "tokens"
    std::vector<std::string> choices;    ///< Choice: the allowed values, in menu order
    std::vector<std::string> choiceLabels;  ///< Choice: their labels in the form (default: the values)
    std::string help;                    ///< tooltip, and --describe's "help"
    std::string group;                   ///< the tab it belongs to ("" for the whole lab)
    ParamWidget widget = ParamWidget::Auto;
    /// Number, Integer: shown instead of the minimum ("off"), and read as it from text.
    std::string specialValueText;
    bool allowEmpty = false;             ///< Text, File: may be empty (or blank)
    std::string placeholder;             ///< Text: shown in the empty box
    int lines = 0;                       ///< Text in a text box: lines shown (0: three)
    std::vector<std::string> oldKeys;    ///< earlier names, still read from presets and links
    /// Number, Integer: scaled for display (a fraction shown as a percentage: 100).
    double displayScale = 1;
    std::string prefix;                  ///< Number, Integer: shown before the value ("1:")
    /// Number, Integer: the values a slider or combo box offers (a slider snaps to them); any
    /// value in [min, max] is still valid from --set, links and files.
    std::vector<double> stops;
    /// Shown only while another parameter has one of some values: "source=csv" or
    /// "source=synthetic|breast-cancer"; empty: always.
    std::string visibleWhen;
    std::string enabledWhen;             ///< likewise, enabled only then

    bool isNumeric() const { return type == ParamType::Number || type == ParamType::Integer; }
};

/// Declarations several labs share, so that the same parameter reads and behaves the same in
/// every lab.
/// "seed": the integer that makes a lab's random draws repeatable, 0 to 1,000,000.
ParamSpec seedParam(std::string help);
/// "csv": the user's CSV file, optional and shown while "source" is "csv" (the app then reads its
/// header and offers its columns; see LabView).
ParamSpec csvFileParam(std::string help);
/// A column of that CSV, chosen from its header, shown while "source" is "csv".
ParamSpec csvColumnParam(std::string key, std::string label, std::string defaultColumn,
                         std::string help);
/// The chart the lab shows, as tabs beside its charts; the first choice is the default.
ParamSpec tabsParam(std::string key, std::vector<std::string> choices, std::string help);
/// A comma-separated list from a text parameter ("tanh, gelu" reads as {"tanh", "gelu"}).
std::vector<std::string> splitList(const std::string& list);

/// A lab's identity and parameter declaration.
struct LabSpec {
    LabSpec() = default;
    LabSpec(std::string id, std::string title, std::string summary)
        : id(std::move(id)), title(std::move(title)), summary(std::move(summary))
    {
    }

    std::string id;       ///< stable: "roc", "sampling", ...
    std::string title;    ///< the lab picker's text
    std::string summary;  ///< one sentence under the title
    std::vector<ParamSpec> params;
    /// Computes with libtorch: `mllab-cli lab` runs it in mllab-cli-torch.
    bool needsTorch = false;

    /// The parameter with this key, or with this key among its oldKeys; nullptr if none.
    const ParamSpec* find(std::string_view key) const;
};

/// Every parameter's value and the hidden controls of one lab.
struct LabState {
    std::string lab;
    std::vector<std::pair<std::string, ParamValue>> values;  ///< in declaration order
    std::vector<std::string> hidden;                          ///< keys, in declaration order
    /// The parameters of a pinned result (state files keep it; the app recomputes it on open).
    std::optional<std::vector<std::pair<std::string, ParamValue>>> pinned;

    const ParamValue& value(std::string_view key) const;      ///< throws std::out_of_range
    double number(std::string_view key) const;                ///< Number or Integer
    long long integer(std::string_view key) const;
    bool flag(std::string_view key) const;
    const std::string& text(std::string_view key) const;      ///< Choice, Text, File
    bool isHidden(std::string_view key) const;

    bool operator==(const LabState& other) const;
    bool operator!=(const LabState& other) const { return !(*this == other); }
};

/// Why a value or a key was refused, with what a message needs; problemText() words it.
struct ParamProblem {
    enum class Kind {
        UnknownKey,     ///< key: the unknown key; known: the lab's keys
        NotANumber,     ///< value; min, max
        NotAnInteger,   ///< value; min, max
        OutOfRange,     ///< value; min, max
        NotABool,       ///< value
        NotAChoice,     ///< value; choices
        Empty,          ///< a text or file that must not be empty
        WrongJsonType,  ///< value holds the JSON text; expected in `expected`
    };
    Kind kind = Kind::UnknownKey;
    std::string lab, key, value, expected;
    double min = 0, max = 0;
    std::vector<std::string> choices;  ///< NotAChoice: allowed values; UnknownKey: known keys
};

/// One line naming the lab, the key, the value and what is allowed, e.g.
/// "roc: threshold must be a number from 0 to 1, got '7'".
std::string problemText(const ParamProblem& problem);

/// The defaults of every parameter, nothing hidden.
LabState defaultState(const LabSpec& spec);

/// Parses and sets one parameter from text (--set, a link, a preset); an old key is read as its
/// current name. Numbers are locale-independent, and a number's specialValueText reads as its
/// minimum; bools are true/false, 1/0, yes/no, on/off.
std::optional<ParamProblem> setFromText(const LabSpec& spec, LabState& state, std::string_view key,
                                        std::string_view text);
/// Sets one parameter from a typed value (a form control), validated like text.
std::optional<ParamProblem> setValue(const LabSpec& spec, LabState& state, std::string_view key,
                                     const ParamValue& value);
/// Hides these keys' controls; an unknown key is a problem.
std::optional<ParamProblem> setHidden(const LabSpec& spec, LabState& state,
                                      const std::vector<std::string>& keys);

/// The value as --set and links write it: shortest round-trip digits, true/false, the text.
std::string valueText(const ParamValue& value);

/// A state file's JSON: {"format": "mllab-state", "version": 1, "lab", "params", "hidden"}, and
/// "pinned": {"params": {...}} when a result is pinned for comparison.
nlohmann::json stateJson(const LabSpec& spec, const LabState& state);
/// The state in a state file's JSON (or a lesson step's "state"); missing keys take defaults.
/// Throws InputError naming the problem: not an object, another format, a newer version, an
/// unknown lab (lookup returns nullptr), an unknown key, a value of the wrong type or range.
LabState stateFromJson(const nlohmann::json& json,
                       const LabSpec* (*lookup)(std::string_view labId));

/// The declaration as --describe prints it: {"id", "title", "params": [{"key", "label", "type",
/// "default", "min", "max", "step", "unit", "choices", "help", "group"}]} (absent keys do not apply).
nlohmann::json describeJson(const LabSpec& spec);

/// `mllab://lab/ID?key=value&...&hide=k1,k2` with the parameters that differ from the defaults
/// (percent-encoded, in declaration order).
std::string stateLink(const LabSpec& spec, const LabState& state);
/// The state a link describes (missing keys take defaults). Throws InputError naming the problem.
LabState stateFromLink(std::string_view link, const LabSpec* (*lookup)(std::string_view labId));

} // namespace mllab::labs
