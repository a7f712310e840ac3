// engine/labs/lesson: reading validates a whole lesson and names the step and field of every
// problem; placeholders and checks read what `mllab-cli lab` prints; every shipped lesson plays
// to the end through the real pipelines with each prediction's checks holding.
#include "engine/labs/lesson.h"
#include "engine/labs/registry.h"
#include "tests/support/enginetest.h"

#include <filesystem>

namespace ml = mllab::labs;
using nlohmann::json;

namespace {

json state(const std::string& lab, json params = json::object())
{
    return {{"format", "mllab-state"}, {"version", 1}, {"lab", lab}, {"params", std::move(params)}};
}

json prediction()
{
    return {{"question", "Does it fall?"},
            {"choices", {"yes", "no"}},
            {"answer", 0},
            {"explanation", "It went from {step1:/result/x} to {/result/x}."},
            {"checks", {"/result/x < step1:/result/x"}}};
}

json validLesson()
{
    return {{"format", "mllab-lesson"},
            {"version", 1},
            {"title", "Test lesson"},
            {"steps",
             {{{"title", "First"}, {"notes", "Say *this*."}, {"state", state("roc")}},
              {{"title", "Second"},
               {"state", state("roc", {{"imbalance", 9}})},
               {"predict", prediction()}}}}};
}

ml::Lesson read(const json& lesson)
{
    return ml::readLessonText(lesson.dump(), "t.mllab-lesson");
}

/// A runner that answers {"result": {"x": value}} with x the step's imbalance.
json fakeOutput(const ml::LabState& s, const mllab::Progress&)
{
    return {{"lab", s.lab}, {"result", {{"x", 10.0 / double(s.integer("imbalance"))}}}};
}

} // namespace

ENGINE_TEST(readsAValidLessonAndWritesItBackTheSame)
{
    const ml::Lesson lesson = read(validLesson());
    QCOMPARE(lesson.title, std::string("Test lesson"));
    QCOMPARE(lesson.steps.size(), std::size_t(2));
    QCOMPARE(lesson.steps[0].notes, std::string("Say *this*."));
    QVERIFY(!lesson.steps[0].prediction);
    QCOMPARE(lesson.steps[1].state.integer("imbalance"), 9LL);
    QCOMPARE(lesson.steps[1].prediction->choices.size(), std::size_t(2));
    const ml::Lesson again = ml::readLessonText(ml::lessonJson(lesson).dump(), "again");
    QCOMPARE(again.steps.size(), lesson.steps.size());
    QVERIFY(again.steps[1].state == lesson.steps[1].state);
    QCOMPARE(again.steps[1].prediction->explanation, lesson.steps[1].prediction->explanation);
    QCOMPARE(ml::lessonProblem(lesson), std::string());
}

ENGINE_TEST(readsTheAnswerAsTextAndTheEarlyFieldName)
{
    json byText = validLesson();
    byText["steps"][1]["predict"]["answer"] = "no";
    QCOMPARE(read(byText).steps[1].prediction->answer, 1);
    byText["steps"][1]["predict"]["answer"] = "maybe";
    QVERIFY_THROWS_MESSAGE(read(byText), mllab::InputError, "not one of the choices");
    json early = validLesson();
    early["steps"][1]["prediction"] = early["steps"][1]["predict"];
    early["steps"][1].erase("predict");
    QVERIFY(read(early).steps[1].prediction.has_value());
    QVERIFY(ml::lessonJson(read(early))["steps"][1].contains("predict"));
}

ENGINE_TEST(refusesBrokenFilesWithTheirReason)
{
    const std::string text = validLesson().dump();
    QVERIFY_THROWS_MESSAGE(ml::readLessonText("", "e.mllab-lesson"), mllab::InputError, "empty");
    QVERIFY_THROWS_MESSAGE(ml::readLessonText(text.substr(0, text.size() / 2), "t"),
                           mllab::InputError, "truncated");
    QVERIFY_THROWS_MESSAGE(ml::readLessonText("{\"format\": nope}", "t"), mllab::InputError,
                           "malformed");
    QVERIFY_THROWS_MESSAGE(
        ml::readLessonText("{\"version\": -1e999}", "t"), mllab::InputError,
        "t is not a lesson: its number '-1e999' is beyond the range of a double");
    json other = validLesson();
    other["format"] = "mllab-state";
    QVERIFY_THROWS_MESSAGE(read(other), mllab::InputError, "not a lesson");
    other["format"] = json::array({"mllab-lesson"}); // found by fuzz_labs: a type_error escaped
    QVERIFY_THROWS_MESSAGE(read(other), mllab::InputError, "not a lesson");
    json newer = validLesson();
    newer["version"] = 2;
    QVERIFY_THROWS_MESSAGE(read(newer), mllab::InputError, "newer");
    json empty = validLesson();
    empty["steps"] = json::array();
    QVERIFY_THROWS_MESSAGE(read(empty), mllab::InputError, "steps must be a non-empty list");
}

ENGINE_TEST(namesTheStepAndFieldOfABadStep)
{
    json unknownLab = validLesson();
    unknownLab["steps"][1]["state"]["lab"] = "no-such-lab";
    QVERIFY_THROWS_MESSAGE(read(unknownLab), mllab::InputError, "step 2: state");
    QVERIFY_THROWS_MESSAGE(read(unknownLab), mllab::InputError, "no-such-lab");

    json badValue = validLesson();
    badValue["steps"][0]["state"]["params"]["separation"] = 40;
    QVERIFY_THROWS_MESSAGE(read(badValue), mllab::InputError, "step 1: state");
    QVERIFY_THROWS_MESSAGE(read(badValue), mllab::InputError, "separation");

    json noTitle = validLesson();
    noTitle["steps"][1].erase("title");
    QVERIFY_THROWS_MESSAGE(read(noTitle), mllab::InputError, "step 2: \"title\" is missing");

    json noState = validLesson();
    noState["steps"][0].erase("state");
    QVERIFY_THROWS_MESSAGE(read(noState), mllab::InputError, "step 1: \"state\" is missing");
}

ENGINE_TEST(namesWhatIsWrongWithAPrediction)
{
    const auto withPrediction = [](const char* key, json value) {
        json lesson = validLesson();
        lesson["steps"][1]["predict"][key] = std::move(value);
        return lesson;
    };
    QVERIFY_THROWS_MESSAGE(read(withPrediction("answer", 2)), mllab::InputError,
                           "step 2: predict: answer must index choices (0 to 1), got 2");
    QVERIFY_THROWS_MESSAGE(read(withPrediction("choices", {"only one"})), mllab::InputError,
                           "2 to 4");
    QVERIFY_THROWS_MESSAGE(read(withPrediction("question", "")), mllab::InputError,
                           "question is empty");
    QVERIFY_THROWS_MESSAGE(read(withPrediction("checks", {"/result/x less than 3"})),
                           mllab::InputError, "checks[0]");
    QVERIFY_THROWS_MESSAGE(read(withPrediction("checks", {"/result/x < step3:/result/x"})),
                           mllab::InputError, "earlier one");
    // Found by fuzz_labs: a step number beyond size_t escaped as std::out_of_range.
    QVERIFY_THROWS_MESSAGE(
        read(withPrediction("checks", {"/result/x < step99999999999999999999999:/result/x"})),
        mllab::InputError, "earlier one");
    QVERIFY_THROWS_MESSAGE(read(withPrediction("explanation", "{result}")), mllab::InputError,
                           "placeholder {result}");
    json noAnswer = validLesson();
    noAnswer["steps"][1]["predict"].erase("answer");
    QVERIFY_THROWS_MESSAGE(read(noAnswer), mllab::InputError, "\"answer\" is missing");
}

ENGINE_TEST(placeholdersAndChecksReadTheStepsOutputs)
{
    const ml::Lesson lesson = read(validLesson());
    const auto outcomes = ml::playLesson(lesson, &fakeOutput);
    QCOMPARE(outcomes.size(), std::size_t(2));
    QCOMPARE(outcomes[1].explanation, std::string("It went from 10 to 1.11."));
    QCOMPARE(outcomes[1].checks.size(), std::size_t(1));
    QVERIFY(outcomes[1].checks[0].holds);
    QCOMPARE(outcomes[1].checks[0].right, 10.0);

    const std::vector<json> outputs{{{"result", {{"x", 4.0}, {"name", "roc"}}}}};
    QVERIFY(ml::evaluateCheck("/result/x >= 4", outputs, 0).holds);
    QVERIFY(!ml::evaluateCheck("/result/x < 0.5*/result/x", outputs, 0).holds);
    QVERIFY(ml::evaluateCheck("2 < 0.75*/result/x", outputs, 0).holds);
    QVERIFY_THROWS_MESSAGE(ml::evaluateCheck("/result/y > 1", outputs, 0), mllab::InputError,
                           "points to nothing");
    QVERIFY_THROWS_MESSAGE(ml::evaluateCheck("/result/name > 1", outputs, 0), mllab::InputError,
                           "not a number");
    QCOMPARE(ml::fillPlaceholders("lab {/result/name}, {not a pointer}", outputs, 0),
             std::string("lab roc, {not a pointer}"));
}

ENGINE_TEST(aCheckThatFailsIsReportedNotHidden)
{
    json lesson = validLesson();
    lesson["steps"][1]["predict"]["checks"] = {"/result/x > step1:/result/x"};
    const auto outcomes = ml::playLesson(read(lesson), &fakeOutput);
    QVERIFY(!outcomes[1].checks[0].holds);
}

ENGINE_TEST(everyShippedLessonPlaysWithItsPredictionsHolding)
{
    const std::filesystem::path folder = std::filesystem::path(MLLAB_SOURCE_DIR) / "resources/lessons";
    int lessons = 0;
    for (const auto& entry : std::filesystem::directory_iterator(folder)) {
        if (entry.path().extension() != ".mllab-lesson")
            continue;
        ++lessons;
        const ml::Lesson lesson = ml::readLessonFile(entry.path().string());
        QVERIFY2(lesson.steps.size() >= 6 && lesson.steps.size() <= 10, entry.path().string());
        int predictions = 0;
        const auto outcomes = ml::playLesson(
            lesson, [](const ml::LabState& s, const mllab::Progress& progress) {
                return ml::labOutput(s, ml::labRunner(s.lab), progress);
            });
        for (std::size_t i = 0; i < outcomes.size(); ++i) {
            if (!lesson.steps[i].prediction)
                continue;
            ++predictions;
            QVERIFY2(!outcomes[i].checks.empty(),
                     entry.path().filename().string() + " step " + std::to_string(i + 1));
            for (const auto& check : outcomes[i].checks)
                QVERIFY2(check.holds, entry.path().filename().string() + " step " +
                                          std::to_string(i + 1) + ": " + check.check);
            QVERIFY(outcomes[i].explanation.find('{') == std::string::npos);
        }
        QVERIFY2(predictions >= 4, entry.path().string());
    }
    QCOMPARE(lessons, 3);
}

ENGINE_TEST_MAIN(tst_lesson)
