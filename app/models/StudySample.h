#pragma once
// A sample study history for trying study mode and for screenshots (`mllab --study-sample`):
// three weeks of daily reviews, simulated through the real scheduler, with a few rest days,
// bookmarks, a note and one mock interview. Deterministic for a given bank and end time.

class QuestionBank;
class Scheduler;
class StudyStore;

#include <QtGlobal>

/// Fills an empty store; returns false (writing nothing) if it already has reviews or a write
/// fails.
bool fillSampleHistory(StudyStore& store, const QuestionBank& bank, const Scheduler& scheduler, qint64 nowMs);
