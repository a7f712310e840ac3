#pragma once
// A Qt-free test harness for engine tests, which must build with MLLAB_ENGINE_ONLY (no Qt on the
// machine). It mirrors Qt Test's vocabulary (QVERIFY, QCOMPARE, QVERIFY_THROWS_MESSAGE, a
// "Totals:" line) so engine and app tests read alike; data rows are plain loops over tables.
//
//   ENGINE_TEST(parsesQuotedFields) { QCOMPARE(parse("\"a,b\"").size(), 1u); }
//   ENGINE_TEST_MAIN(tst_csv)

#include "tests/support/fuzzy.h"

#include <cstring>
#include <exception>
#include <iostream>
#include <sstream>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace enginetest {

struct Failure {
    std::string message;
};

using TestFn = void (*)();

inline std::vector<std::pair<const char*, TestFn>>& registry()
{
    static std::vector<std::pair<const char*, TestFn>> tests;
    return tests;
}

struct Registrar {
    Registrar(const char* name, TestFn fn) { registry().emplace_back(name, fn); }
};

template <class T, class = void>
struct Printable : std::false_type {};
template <class T>
struct Printable<T, std::void_t<decltype(std::declval<std::ostream&>() << std::declval<const T&>())>>
    : std::true_type {};

template <class T>
std::string show(const T& value)
{
    if constexpr (Printable<T>::value) {
        std::ostringstream out;
        out.precision(17);
        out << value;
        return out.str();
    } else if constexpr (std::is_same_v<T, std::vector<typename T::value_type>>) {
        std::string s = "[";
        for (std::size_t i = 0; i < value.size(); ++i)
            s += (i ? ", " : "") + show(value[i]);
        return s + "]";
    } else {
        return "<value>";
    }
}

inline std::string where(const char* file, int line)
{
    const char* slash = std::strrchr(file, '/');
    return std::string(" (") + (slash ? slash + 1 : file) + ":" + std::to_string(line) + ")";
}

/// "" when actual == expected, else the message QCOMPARE fails with.
template <class A, class E>
std::string differenceText(const A& actual, const E& expected, const char* actualText,
                           const char* expectedText)
{
    if (actual == expected)
        return {};
    return std::string("compared values differ: ") + actualText + " = " + show(actual) + ", " +
           expectedText + " = " + show(expected);
}

inline int runAll(const char* suite, int argc, char** argv)
{
    int passed = 0, failed = 0;
    const char* only = argc > 1 ? argv[1] : nullptr;
    for (const auto& [name, fn] : registry()) {
        if (only && std::strcmp(only, name) != 0)
            continue;
        try {
            fn();
            ++passed;
            std::cout << "PASS   : " << suite << "::" << name << "\n";
        } catch (const Failure& f) {
            ++failed;
            std::cout << "FAIL!  : " << suite << "::" << name << " " << f.message << "\n";
        } catch (const std::exception& e) {
            ++failed;
            std::cout << "FAIL!  : " << suite << "::" << name << " unexpected exception: " << e.what()
                      << "\n";
        }
    }
    std::cout << "Totals: " << passed << " passed, " << failed << " failed\n";
    return failed == 0 && passed > 0 ? 0 : 1;
}

} // namespace enginetest

#define ENGINE_TEST(name)                                                                          \
    static void name();                                                                            \
    static const enginetest::Registrar name##Registrar(#name, name);                               \
    static void name()

#define ENGINE_TEST_MAIN(suite)                                                                    \
    int main(int argc, char** argv) { return enginetest::runAll(#suite, argc, argv); }

#define QFAIL(message)                                                                             \
    throw enginetest::Failure { std::string(message) + enginetest::where(__FILE__, __LINE__) }

#define QVERIFY(condition)                                                                         \
    do {                                                                                           \
        if (!(condition))                                                                          \
            QFAIL("'" #condition "' returned false");                                              \
    } while (0)

#define QVERIFY2(condition, message)                                                               \
    do {                                                                                           \
        if (!(condition))                                                                          \
            QFAIL("'" #condition "' returned false: " + std::string(message));                     \
    } while (0)

// One full expression, so that a reference into a temporary (curve(compute(p), "tanh")) lives
// until the comparison is done; binding `actual` to a local reference first would dangle.
#define QCOMPARE(actual, expected)                                                                 \
    do {                                                                                           \
        const std::string difference_ =                                                            \
            enginetest::differenceText((actual), (expected), #actual, #expected);                  \
        if (!difference_.empty())                                                                  \
            QFAIL(difference_);                                                                    \
    } while (0)

#define QFUZZY_COMPARE(actual, expected, rel)                                                      \
    do {                                                                                           \
        const double a_ = (actual);                                                                \
        const double e_ = (expected);                                                              \
        if (!fuzzyCompare(a_, e_, rel))                                                            \
            QFAIL("values differ beyond " #rel ": " #actual " = " + enginetest::show(a_) +         \
                  ", " #expected " = " + enginetest::show(e_));                                    \
    } while (0)

/// Expects `expression` to throw ExceptionType whose what() contains `fragment`.
#define QVERIFY_THROWS_MESSAGE(expression, ExceptionType, fragment)                                \
    do {                                                                                           \
        bool thrown_ = false;                                                                      \
        try {                                                                                      \
            (void)(expression);                                                                    \
        } catch (const ExceptionType& e_) {                                                        \
            thrown_ = true;                                                                        \
            if (std::string(e_.what()).find(fragment) == std::string::npos)                        \
                QFAIL("message '" + std::string(e_.what()) + "' lacks '" + std::string(fragment) + \
                      "'");                                                                        \
        }                                                                                          \
        if (!thrown_)                                                                              \
            QFAIL("'" #expression "' did not throw " #ExceptionType);                              \
    } while (0)
