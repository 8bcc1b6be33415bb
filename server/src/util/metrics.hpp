#pragma once
// Counters and gauges for `GET /metrics` (Prometheus text format). Counters are kept
// here; gauges are read when scraped from whoever knows them (callbacks).
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace classroom {

class Metrics {
 public:
  // Adds `n` to the counter `name` with `labels` ("outcome=\"stored\"", or empty).
  void add(const std::string& name, const std::string& labels, std::uint64_t n = 1);
  // A value read at scrape time.
  void gauge(std::string name, std::string help, std::function<double()> read);
  void describe(const std::string& name, std::string help);
  // The exposition text: `# HELP`, `# TYPE` and one line a series.
  std::string render() const;

 private:
  struct Gauge {
    std::string name, help;
    std::function<double()> read;
  };
  mutable std::mutex mu_;
  std::map<std::string, std::map<std::string, std::uint64_t>> counters_;  // name → labels → value
  std::map<std::string, std::string> help_;
  std::vector<Gauge> gauges_;
};

// Label text for one label: name="value" with the value escaped.
std::string label(const std::string& name, const std::string& value);

}  // namespace classroom
