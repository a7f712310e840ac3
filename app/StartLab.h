#pragma once
// The lab side of the mllab command line: --list-labs, --describe, --print-state, and the lab
// state a start asks for (a link or a state file, --lab, then --set in order), each value
// validated by the lab's declaration.

#include "app/AppOptions.h"
#include "engine/labs/params.h"

#include <QString>

#include <optional>

class QuestionBank;

/// The state to open at start, if any; `error` names the problem (exit 2) when it is refused.
struct StartLab {
    std::optional<mllab::labs::LabState> state;
    QString error;
};
StartLab resolveStartLab(const AppOptions& options);

/// `--list-labs`: [{"id", "title", "questions": [ids]}], the questions from the bank's front matter.
QByteArray labListJson(const QuestionBank& bank);
/// `--describe`: the lab's declaration, its labels in the user's language.
QByteArray labDescriptionJson(const mllab::labs::LabSpec& spec);
/// `--print-state`: {"format": "mllab-state", "version": 1, "lab", "params", "hidden"}.
QByteArray labStateJson(const mllab::labs::LabState& state);
