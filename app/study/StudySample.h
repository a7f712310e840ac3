#pragma once
// A sample study history for trying study mode and for screenshots (`mllab --study-sample`):
// three weeks of daily reviews up to yesterday (three new questions a day, a few rest days),
// graded by a simulated candidate through the real scheduler, plus bookmarks and a note.
// Deterministic for a given bank and end time.

#include <QtGlobal>

class QuestionBank;
class Scheduler;
class StudyStore;

/// Fills an empty, writable store; false if it already has reviews. Stops at the first failed
/// write (each review is its own transaction, like the real ones) and returns false.
bool fillSampleHistory(StudyStore& store, const QuestionBank& bank, const Scheduler& scheduler,
                       qint64 nowMs);
