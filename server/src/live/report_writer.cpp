#include "live/report_writer.hpp"

#include <spdlog/spdlog.h>

namespace classroom {

ReportWriter::ReportWriter(TelemetryStore& store, std::size_t limit, std::size_t batch)
    : store_(store), limit_(limit), batch_(batch) {}

ReportWriter::~ReportWriter() { stop(); }

void ReportWriter::start() { thread_ = std::thread([this] { run(); }); }

void ReportWriter::stop() {
  {
    std::lock_guard g(mu_);
    if (stopping_ && !thread_.joinable()) return;
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool ReportWriter::degraded() const {
  std::lock_guard g(mu_);
  return degraded_;
}

std::size_t ReportWriter::queued() const {
  std::lock_guard g(mu_);
  return queue_.size();
}

void ReportWriter::submit(TelemetryWrite write, Done done) {
  std::unique_lock lock(mu_);
  if (queue_.size() >= limit_) {
    lock.unlock();
    if (done) done(false);
    return;
  }
  bool answer_now = degraded_;
  queue_.push_back({std::move(write), answer_now ? Done{} : std::move(done)});
  lock.unlock();
  cv_.notify_one();
  if (answer_now && done) done(true);
}

void ReportWriter::run() {
  std::vector<TelemetryWrite> batch;
  std::vector<Done> waiting;
  for (;;) {
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping with nothing left
      std::size_t n = std::min(batch_, queue_.size());
      batch.clear();
      waiting.clear();
      for (std::size_t i = 0; i < n; ++i) {
        batch.push_back(queue_[i].write);
        if (queue_[i].done) waiting.push_back(std::move(queue_[i].done));
        queue_[i].done = {};
      }
    }
    bool ok = true;
    try {
      store_.write_batch(batch);
    } catch (const std::exception& e) {
      ok = false;
    }
    bool was_degraded;
    {
      std::lock_guard g(mu_);
      was_degraded = degraded_;
      if (ok) queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(batch.size()));
      degraded_ = !ok;
    }
    // During an outage the writes stay queued; their senders are answered now.
    for (auto& d : waiting) d(true);
    if (ok && was_degraded) spdlog::info("event=write_queue_recovered");
    if (!ok) {
      if (!was_degraded) spdlog::warn("event=write_queue_degraded queued={}", queued());
      std::unique_lock lock(mu_);
      if (stopping_) {
        spdlog::error("event=write_queue_lost count={}", queue_.size());
        return;
      }
      cv_.wait_for(lock, std::chrono::seconds(1), [&] { return stopping_; });
    }
  }
}

}  // namespace classroom
