#pragma once
// Group commit for node writes: reports queue here and a writer thread stores them
// in batches, one transaction each, answering every report once its batch is
// durable. While the database is down the queue holds writes (bounded), answers
// at once, and writes them in order when the database is back.
#include "storage/telemetry.hpp"

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace classroom {

class ReportWriter {
 public:
  using Done = std::function<void(bool accepted)>;
  ReportWriter(TelemetryStore& store, std::size_t limit, std::size_t batch = 1024);
  ~ReportWriter();

  // done(true) once durable (or safely queued during an outage); done(false) when
  // the queue is full (the caller answers 503).
  void submit(TelemetryWrite write, Done done = {});
  void start();
  void stop();  // writes what is queued (one more try) and joins
  bool degraded() const;
  std::size_t queued() const;

 private:
  void run();
  struct Item {
    TelemetryWrite write;
    Done done;
  };
  TelemetryStore& store_;
  std::size_t limit_, batch_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Item> queue_;
  bool degraded_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace classroom
