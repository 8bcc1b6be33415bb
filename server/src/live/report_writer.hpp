#pragma once
// Group commit for node writes: writes queue here and a writer thread stores them in
// batches, one transaction each, answering each caller once its batch is durable.
// While the database cannot take them, writes go to the outage journal (fsync'd
// before the answer) and are replayed in order when it is back. A write the
// database refuses for good (a constraint) is set aside with its cause; the rest of
// its batch is stored.
#include "live/journal.hpp"
#include "storage/node_writes.hpp"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>

namespace classroom {

class ReportWriter {
 public:
  using Done = std::function<void(bool accepted)>;
  struct Options {
    std::size_t queue_limit = 50000;   // writes waiting for the database in memory
    std::size_t batch = 1024;
    std::string journal_dir;           // empty: no journal (outage writes are refused)
    std::uint64_t journal_max_bytes = 256ull << 20;
    std::function<void()> on_recovered;  // the journal was written into the database
    // A write to the database that has not come back after `stall_limit` is ended with
    // `interrupt(writer thread)` (the database's Db::interrupt) and taken for an outage:
    // the writes go to the journal. Empty: never.
    std::chrono::milliseconds stall_limit{5000};
    std::function<bool(std::thread::id)> interrupt;
  };
  ReportWriter(NodeWriteStore& store, Options opts);
  ~ReportWriter();

  // done(true) once the writes are durable (stored, or journaled during an outage);
  // done(false) when they cannot be (queue or journal full): the caller answers 503.
  // A group of writes is accepted whole or refused whole.
  void submit(std::vector<NodeWrite> writes, Done done = {});
  void submit(NodeWrite write, Done done = {}) { submit(std::vector<NodeWrite>{std::move(write)}, std::move(done)); }
  void start();
  void stop();  // stores or journals what is queued, and joins
  bool degraded() const;
  std::size_t queued() const;
  std::uint64_t journal_bytes() const;
  std::int64_t quarantined() const { return quarantined_.load(); }
  // The highest sequence number per device among the writes still in the journal: what a
  // node sends again must count as stored even before the replay has written it.
  std::unordered_map<std::string, std::int64_t> journaled_seqs() const;

 private:
  struct Item {
    std::vector<NodeWrite> writes;
    Done done;
  };
  void run();
  void watch();  // the stall watchdog
  // Runs one database write of the writer thread under the watchdog's eye.
  template <class F>
  void watched(F&& f);
  bool write_queue_batch(std::unique_lock<std::mutex>& lock);
  bool replay_journal();
  void store_isolating(const std::vector<NodeWrite>& batch);
  bool journal_locked(std::vector<NodeWrite> writes);

  NodeWriteStore& store_;
  Options opts_;
  std::unique_ptr<Journal> journal_;
  std::uint64_t replayed_to_ = 0;
  mutable std::mutex mu_;
  std::condition_variable cv_, cv_watch_;
  std::deque<Item> queue_;
  std::size_t queued_writes_ = 0;
  bool degraded_ = false;
  bool stopping_ = false;
  std::atomic<std::int64_t> quarantined_{0};
  std::thread thread_, watchdog_;
  std::chrono::steady_clock::time_point writing_since_{};  // zero while no write is under way
  bool interrupted_ = false;                                // for the write under way
  bool watch_stop_ = false;
  std::thread::id writer_id_;
};

}  // namespace classroom
