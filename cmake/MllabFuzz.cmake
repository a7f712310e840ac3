# The -DMLLAB_FUZZ=ON build: clang with libFuzzer, ASan and UBSan; only tests/fuzz and the sources
# its targets fuzz (docs/reliability.md, "Fuzzing").
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "MLLAB_FUZZ needs clang (libFuzzer), but the C++ compiler is "
                        "${CMAKE_CXX_COMPILER_ID} (${CMAKE_CXX_COMPILER}). Configure a fresh build "
                        "folder with -DCMAKE_CXX_COMPILER=clang++.")
endif()

include(CheckCXXSourceCompiles)
set(CMAKE_REQUIRED_FLAGS "-fsanitize=fuzzer,address,undefined")
set(CMAKE_REQUIRED_LINK_OPTIONS "-fsanitize=fuzzer,address,undefined")
check_cxx_source_compiles([[
#include <cstddef>
#include <cstdint>
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t*, std::size_t) { return 0; }
]] MLLAB_HAVE_LIBFUZZER)
unset(CMAKE_REQUIRED_FLAGS)
unset(CMAKE_REQUIRED_LINK_OPTIONS)
if(NOT MLLAB_HAVE_LIBFUZZER)
    message(FATAL_ERROR "MLLAB_FUZZ: ${CMAKE_CXX_COMPILER} cannot link -fsanitize=fuzzer,address,"
                        "undefined; install libFuzzer and the sanitizer runtimes (Debian: "
                        "libclang-rt-14-dev).")
endif()

find_package(Eigen3 3.4 REQUIRED NO_MODULE)
find_package(nlohmann_json 3 REQUIRED)
find_package(Threads REQUIRED)
find_package(Qt6 REQUIRED COMPONENTS Core)

enable_testing()
add_subdirectory(tests/fuzz)
