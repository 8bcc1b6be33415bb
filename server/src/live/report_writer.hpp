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
#include <vector>

namespace classroom {

class ReportWriter {
 public:
  using Done = std::function<void(bool accepted)>;
  struct Options {
    std::size_t queue_limit = 50000;   // writes waiting for the database in memory
    std::size_t batch = 1024;
    std::string journal_dir;           // empty: no journal (outage writes are refused)
    std::uint64_t journal_max_bytes = 256ull << 20;
    std::function<void()> on_recovered;  // the journals were written into the database
    // A write to the database that has not come back after `stall_limit` is ended with
    // `interrupt(writer thread)` (the database's Db::interrupt) and taken for an outage:
    // the writes go to the journal. Empty: never.
    std::chrono::milliseconds stall_limit{5000};
    std::function<bool(std::thread::id)> interrupt;
    // Writers, each with its own thread, batches and journal (the queue and journal
    // bounds are shared out). A device's writes always go to the same writer, so their
    // order holds; on PostgreSQL the writers' commits overlap. Journals left by another
    // count of writers are dealt out again at start (live/writer_journals.hpp).
    std::size_t partitions = 1;
  };
  ReportWriter(NodeWriteStore& store, Options opts);
  ~ReportWriter();

  // done(true) once the writes are durable (stored, or journaled during an outage);
  // done(false) when they cannot be (queue or journal full): the caller answers 503.
  // A group of writes is accepted whole or refused whole; it goes to the writer of the
  // first device it names.
  void submit(std::vector<NodeWrite> writes, Done done = {});
  void submit(NodeWrite write, Done done = {}) { submit(std::vector<NodeWrite>{std::move(write)}, std::move(done)); }
  void start();
  void stop();  // stores or journals what is queued, and joins
  bool degraded() const;
  std::size_t queued() const;
  std::uint64_t journal_bytes() const;
  std::int64_t quarantined() const;
  // The highest sequence number per device among the writes still in the journal: what a
  // node sends again must count as stored even before the replay has written it.
  std::unordered_map<std::string, std::int64_t> journaled_seqs() const;

 private:
  class Partition;
  std::vector<std::unique_ptr<Partition>> parts_;
};

}  // namespace classroom
