#pragma once
// A property that must hold for every input: when it does not, print why and abort,
// which libFuzzer reports as a crash (with the input saved as crash-<sha1>).
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <typeinfo>

#define FUZZ_CHECK(cond, ...)                                                     \
  do {                                                                            \
    if (!(cond)) {                                                                \
      std::fprintf(stderr, "\n*** property failed at %s:%d: %s\n", __FILE__,     \
                   __LINE__, #cond);                                              \
      std::fprintf(stderr, "    " __VA_ARGS__);                                   \
      std::fprintf(stderr, "\n");                                                 \
      std::abort();                                                               \
    }                                                                             \
  } while (0)

// An exception that is not the one type allowed to escape: name it, then abort.
[[noreturn]] inline void fuzz_unexpected(const char* where, const std::exception* e) {
  std::fprintf(stderr, "\n*** unexpected exception escaped %s: %s: %s\n", where,
               e ? typeid(*e).name() : "(not a std::exception)", e ? e->what() : "");
  std::abort();
}

// Runs `f`; `Allowed` may escape it, anything else is a finding.
template <class Allowed, class F>
bool only_throws(const char* where, F&& f) {
  try {
    f();
    return true;
  } catch (const Allowed&) {
    return false;
  } catch (const std::exception& e) {
    fuzz_unexpected(where, &e);
  } catch (...) {
    fuzz_unexpected(where, nullptr);
  }
}
