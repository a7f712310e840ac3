#include "tests/support/enginetest.h"
ENGINE_TEST_MAIN(tst_bugzoo)
