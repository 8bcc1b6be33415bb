#pragma once
// Counters and gauges for `GET /metrics` (Prometheus text format). Counters are kept
// here; gauges are read when scraped from whoever knows them (callbacks).
#include <fmt/format.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace classroom {

// A latency histogram with fixed buckets in seconds; observe() takes no lock, so it
// can sit on the report path.
class Histogram {
 public:
  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1,    5};
  void observe(double seconds);
  // The `_bucket`, `_sum` and `_count` lines of the series `labels` (may be empty).
  std::string render(const std::string& name, const std::string& labels) const;

 private:
  std::array<std::atomic<std::uint64_t>, kBuckets.size() + 1> counts_{};  // per bucket, the last for +Inf
  std::atomic<std::uint64_t> sum_ns_{0};
};

// The label text of a series, `name="value"` pairs joined by commas, with the values
// escaped. Written into a buffer of its own, so counting on the report path allocates
// nothing for labels that fit in it.
class Labels {
 public:
  Labels& add(std::string_view name, std::string_view value);
  std::string_view text() const { return {buf_.data(), buf_.size()}; }

 private:
  fmt::basic_memory_buffer<char, 160> buf_;
};

class Metrics {
 public:
  // Adds `n` to the counter `name` with `labels` ("outcome=\"stored\"", or empty). A
  // series seen before is found without a copy of either.
  void add(std::string_view name, std::string_view labels, std::uint64_t n = 1);
  // A value read at scrape time.
  void gauge(std::string name, std::string help, std::function<double()> read);
  void describe(const std::string& name, std::string help);
  // A histogram series kept by its owner (who outlives the scrapes).
  void histogram(const std::string& name, std::string help, std::string labels, const Histogram& h);
  // The exposition text: `# HELP`, `# TYPE` and one line a series.
  std::string render() const;

 private:
  struct Gauge {
    std::string name, help;
    std::function<double()> read;
  };
  mutable std::mutex mu_;
  std::map<std::string, std::map<std::string, std::uint64_t, std::less<>>, std::less<>> counters_;  // name → labels → value
  std::map<std::string, std::string> help_;
  std::vector<Gauge> gauges_;
  struct HistogramSeries {
    std::string labels;
    const Histogram* histogram;
  };
  std::map<std::string, std::vector<HistogramSeries>> histograms_;
};

// Label text for one label: name="value" with the value escaped.
std::string label(std::string_view name, std::string_view value);

}  // namespace classroom
