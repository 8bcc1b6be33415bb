#include "util/metrics.hpp"

namespace classroom {

Labels& Labels::add(std::string_view name, std::string_view value) {
  if (buf_.size()) buf_.push_back(',');
  buf_.append(name);
  buf_.append(std::string_view("=\""));
  for (char c : value) {
    if (c == '\\' || c == '"') buf_.push_back('\\');
    if (c == '\n') {
      buf_.append(std::string_view("\\n"));
      continue;
    }
    buf_.push_back(c);
  }
  buf_.push_back('"');
  return *this;
}

std::string label(std::string_view name, std::string_view value) { return std::string(Labels().add(name, value).text()); }

void Histogram::observe(double seconds) {
  std::size_t i = 0;
  while (i < kBuckets.size() && seconds > kBuckets[i]) ++i;
  counts_[i].fetch_add(1, std::memory_order_relaxed);
  sum_ns_.fetch_add(static_cast<std::uint64_t>(seconds * 1e9), std::memory_order_relaxed);
}

std::string Histogram::render(const std::string& name, const std::string& labels) const {
  std::string out;
  std::string sep = labels.empty() ? "" : labels + ",";
  std::uint64_t total = 0;
  for (std::size_t i = 0; i <= kBuckets.size(); ++i) {
    total += counts_[i].load(std::memory_order_relaxed);
    auto le = i < kBuckets.size() ? fmt::format("{}", kBuckets[i]) : std::string("+Inf");
    out += fmt::format("{}_bucket{{{}le=\"{}\"}} {}\n", name, sep, le, total);
  }
  auto braces = labels.empty() ? std::string() : "{" + labels + "}";
  out += fmt::format("{}_sum{} {}\n", name, braces, sum_ns_.load(std::memory_order_relaxed) / 1e9);
  out += fmt::format("{}_count{} {}\n", name, braces, total);
  return out;
}

void Metrics::histogram(const std::string& name, std::string help, std::string labels, const Histogram& h) {
  std::lock_guard g(mu_);
  help_[name] = std::move(help);
  histograms_[name].push_back({std::move(labels), &h});
}

void Metrics::add(std::string_view name, std::string_view labels, std::uint64_t n) {
  std::lock_guard g(mu_);
  auto series = counters_.find(name);
  if (series == counters_.end()) series = counters_.try_emplace(std::string(name)).first;
  auto value = series->second.find(labels);
  if (value == series->second.end()) value = series->second.try_emplace(std::string(labels), 0).first;
  value->second += n;
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
    for (const auto& [name, series] : histograms_) {
      out += fmt::format("# HELP {} {}\n# TYPE {} histogram\n", name, help_.at(name), name);
      for (const auto& s : series) out += s.histogram->render(name, s.labels);
    }
    gauges = gauges_;
  }
  for (const auto& gauge : gauges)
    out += fmt::format("# HELP {} {}\n# TYPE {} gauge\n{} {}\n", gauge.name, gauge.help, gauge.name, gauge.name,
                       gauge.read());
  return out;
}

}  // namespace classroom
