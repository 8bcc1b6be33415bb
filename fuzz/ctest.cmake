# Included from tests/CMakeLists.txt: the short fuzz run as a ctest test.
#   ctest -L fuzz          only this;   ctest -LE fuzz   everything else
# run.sh builds the targets with clang into build/fuzz itself. clang-14 is in the one
# package list (scripts/install-deps.sh): without it the test fails, it never skips.
add_test(NAME fuzz_short COMMAND ${PROJECT_SOURCE_DIR}/fuzz/run.sh --seconds 15 --jobs 2)
set_tests_properties(fuzz_short PROPERTIES LABELS fuzz TIMEOUT 900 RUN_SERIAL TRUE)
