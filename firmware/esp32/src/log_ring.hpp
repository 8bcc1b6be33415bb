#pragma once
// The last lines the node logged, for the console's `log` command.
#include <array>
#include <cstdint>
#include <string>

namespace shell {

class LogRing {
 public:
  static constexpr std::size_t kLines = 32;
  void add(std::int64_t at_ms, const char* level, const std::string& text) {
    lines_[next_ % kLines] = "[" + std::to_string(at_ms / 1000) + "s] " + level + " " + text;
    ++next_;
  }
  template <class F>
  void for_each(F f) const {
    const std::size_t n = next_ < kLines ? next_ : kLines;
    for (std::size_t i = next_ - n; i < next_; ++i) f(lines_[i % kLines]);
  }

 private:
  std::array<std::string, kLines> lines_;
  std::size_t next_ = 0;
};

}  // namespace shell
