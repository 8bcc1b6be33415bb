#include "util/metrics.hpp"

#include <fmt/format.h>

namespace classroom {

std::string label(const std::string& name, const std::string& value) {
  std::string out = name + "=\"";
  for (char c : value) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

void Metrics::add(const std::string& name, const std::string& labels, std::uint64_t n) {
  std::lock_guard g(mu_);
  counters_[name][labels] += n;
}

void Metrics::describe(const std::string& name, std::string help) {
  std::lock_guard g(mu_);
  help_[name] = std::move(help);
  counters_[name];
}

void Metrics::gauge(std::string name, std::string help, std::function<double()> read) {
  std::lock_guard g(mu_);
  gauges_.push_back({std::move(name), std::move(help), std::move(read)});
}

std::string Metrics::render() const {
  std::vector<Gauge> gauges;
  std::string out;
  {
    std::lock_guard g(mu_);
    for (const auto& [name, series] : counters_) {
      if (auto h = help_.find(name); h != help_.end()) out += fmt::format("# HELP {} {}\n", name, h->second);
      out += fmt::format("# TYPE {} counter\n", name);
      for (const auto& [labels, value] : series)
        out += labels.empty() ? fmt::format("{} {}\n", name, value) : fmt::format("{}{{{}}} {}\n", name, labels, value);
    }
    gauges = gauges_;
  }
  for (const auto& gauge : gauges)
    out += fmt::format("# HELP {} {}\n# TYPE {} gauge\n{} {}\n", gauge.name, gauge.help, gauge.name, gauge.name,
                       gauge.read());
  return out;
}

}  // namespace classroom
