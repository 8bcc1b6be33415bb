#include "live/report_writer.hpp"

#include "domain/errors.hpp"
#include "live/writer_journals.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <ctime>

namespace classroom {

namespace {
const char* kind_of(const NodeWrite& w) {
  switch (w.index()) {
    case 0: return "status";
    case 1: return "power_log";
    case 2: return "seen";
    case 3: return "connectivity";
    case 4: return "command_applied";
    default: return "event";
  }
}
}  // namespace

// One writer: its queue, thread, journal and stall watchdog.
class ReportWriter::Partition {
 public:
  Partition(NodeWriteStore& store, Options opts, std::size_t index);
  ~Partition();
  void submit(std::vector<NodeWrite> writes, Done done);
  void start();
  void stop();
  bool degraded() const;
  std::size_t queued() const;
  std::uint64_t journal_bytes() const;
  std::int64_t quarantined() const { return quarantined_.load(); }
  void add_journaled_seqs(std::unordered_map<std::string, std::int64_t>& out) const;

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

ReportWriter::Partition::Partition(NodeWriteStore& store, Options opts, std::size_t index)
    : store_(store), opts_(std::move(opts)) {
  if (!opts_.journal_dir.empty())
    journal_ = std::make_unique<Journal>(opts_.journal_dir, opts_.journal_max_bytes, journal_file(index));
}

ReportWriter::Partition::~Partition() { stop(); }

void ReportWriter::Partition::start() {
  if (journal_) {
    // Writes journaled before a stop or a crash go first; until they are stored,
    // new writes join them at the end of the journal so the order holds.
    try {
      replayed_to_ = static_cast<std::uint64_t>(store_.replayed_to(journal_->id()));
    } catch (const std::exception&) {
      replayed_to_ = 0;
    }
    replayed_to_ = std::max(replayed_to_, journal_->first_record());
    if (replayed_to_ < journal_->end()) {
      degraded_ = true;
      spdlog::info("event=journal_replay_pending bytes={}", journal_->end() - replayed_to_);
    }
  }
  thread_ = std::thread([this] { run(); });
  writer_id_ = thread_.get_id();
  if (opts_.interrupt && opts_.stall_limit.count() > 0) watchdog_ = std::thread([this] { watch(); });
}

template <class F>
void ReportWriter::Partition::watched(F&& f) {
  {
    std::lock_guard g(mu_);
    writing_since_ = std::chrono::steady_clock::now();
    interrupted_ = false;
  }
  struct Done {
    Partition& w;
    ~Done() {
      std::lock_guard g(w.mu_);
      w.writing_since_ = {};
    }
  } done{*this};
  f();
}

void ReportWriter::Partition::watch() {
  std::unique_lock lock(mu_);
  while (!watch_stop_) {
    cv_watch_.wait_for(lock, std::chrono::milliseconds(250), [&] { return watch_stop_; });
    if (watch_stop_ || writing_since_ == std::chrono::steady_clock::time_point{} || interrupted_) continue;
    auto waited = std::chrono::steady_clock::now() - writing_since_;
    if (waited < opts_.stall_limit) continue;
    interrupted_ = true;
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(waited).count();
    lock.unlock();
    bool ended = opts_.interrupt(writer_id_);
    spdlog::warn("event=write_stalled waited_ms={} interrupted={}", ms, ended);
    lock.lock();
  }
}

void ReportWriter::Partition::add_journaled_seqs(std::unordered_map<std::string, std::int64_t>& out) const {
  std::lock_guard g(mu_);
  if (!journal_) return;
  for (auto offset = replayed_to_; offset < journal_->end();) {
    auto chunk = journal_->read(offset, opts_.batch);
    if (chunk.writes.empty()) break;
    for (const auto& w : chunk.writes)
      if (const auto* s = std::get_if<StatusWrite>(&w); s && s->seq)
        out[s->device_id] = std::max(out[s->device_id], *s->seq);
    offset = chunk.next;
  }
}

void ReportWriter::Partition::stop() {
  {
    std::lock_guard g(mu_);
    if (stopping_ && !thread_.joinable()) return;
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();  // the watchdog still ends a write that hangs
  {
    std::lock_guard g(mu_);
    watch_stop_ = true;
  }
  cv_watch_.notify_all();
  if (watchdog_.joinable()) watchdog_.join();
}

bool ReportWriter::Partition::degraded() const {
  std::lock_guard g(mu_);
  return degraded_;
}

std::size_t ReportWriter::Partition::queued() const {
  std::lock_guard g(mu_);
  return queued_writes_;
}

std::uint64_t ReportWriter::Partition::journal_bytes() const {
  std::lock_guard g(mu_);
  return journal_ && journal_->end() > replayed_to_ ? journal_->end() - replayed_to_ : 0;
}

bool ReportWriter::Partition::journal_locked(std::vector<NodeWrite> writes) {
  if (!journal_) return false;
  try {
    return journal_->append(writes);
  } catch (const std::exception& e) {
    spdlog::error("event=journal_write_failed what=\"{}\"", e.what());
    return false;
  }
}

void ReportWriter::Partition::submit(std::vector<NodeWrite> writes, Done done) {
  std::unique_lock lock(mu_);
  if (degraded_) {
    bool ok = journal_locked(std::move(writes));
    lock.unlock();
    cv_.notify_one();
    if (done) done(ok);
    return;
  }
  if (queued_writes_ + writes.size() > opts_.queue_limit) {
    lock.unlock();
    if (done) done(false);
    return;
  }
  queued_writes_ += writes.size();
  queue_.push_back({std::move(writes), std::move(done)});
  lock.unlock();
  cv_.notify_one();
}

// Stores a batch; a write the database refuses for good is set aside and the rest
// stored. Throws Unavailable when the database cannot be reached.
void ReportWriter::Partition::store_isolating(const std::vector<NodeWrite>& batch) {
  try {
    return store_.write_batch(batch);
  } catch (const Unavailable&) {
    throw;
  } catch (const std::exception& e) {
    if (batch.size() == 1) {
      spdlog::warn("event=write_quarantined kind={} device_id={} what=\"{}\"", kind_of(batch[0]), device_of(batch[0]),
                   e.what());
      ++quarantined_;
      try {
        store_.quarantine(device_of(batch[0]), kind_of(batch[0]), e.what(), static_cast<std::int64_t>(std::time(nullptr)));
      } catch (const std::exception&) {
      }
      return;
    }
  }
  auto half = batch.begin() + static_cast<std::ptrdiff_t>(batch.size() / 2);
  store_isolating({batch.begin(), half});
  store_isolating({half, batch.end()});
}

// Writes the next batch from the memory queue; false when the database is down
// (the batch then went to the journal).
bool ReportWriter::Partition::write_queue_batch(std::unique_lock<std::mutex>& lock) {
  std::vector<NodeWrite> batch;
  std::vector<Done> waiting;
  std::size_t items = 0;
  while (items < queue_.size() && (batch.empty() || batch.size() + queue_[items].writes.size() <= opts_.batch)) {
    auto& item = queue_[items++];
    batch.insert(batch.end(), item.writes.begin(), item.writes.end());
    if (item.done) waiting.push_back(std::move(item.done));
  }
  queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(items));
  queued_writes_ -= batch.size();
  lock.unlock();
  bool stored = true;
  try {
    watched([&] { store_isolating(batch); });
  } catch (const std::exception& e) {
    stored = false;
    spdlog::warn("event=write_queue_degraded what=\"{}\"", e.what());
  }
  lock.lock();
  bool accepted = stored;
  if (!stored) {
    degraded_ = true;
    accepted = journal_locked(std::move(batch));
    // Keep order: what is still queued goes to the journal behind this batch.
    while (accepted && !queue_.empty()) {
      auto item = std::move(queue_.front());
      queue_.pop_front();
      queued_writes_ -= item.writes.size();
      bool ok = journal_locked(std::move(item.writes));
      if (item.done) waiting.push_back([done = std::move(item.done), ok](bool) { done(ok); });
    }
  }
  lock.unlock();
  for (auto& d : waiting) d(accepted);
  lock.lock();
  return stored;
}

// Replays the journal into the database; true once all of it is stored.
bool ReportWriter::Partition::replay_journal() {
  for (;;) {
    Journal::Chunk chunk;
    bool done = false;
    {
      std::lock_guard g(mu_);
      if (replayed_to_ >= journal_->end()) {
        journal_->reset();
        replayed_to_ = journal_->first_record();
        degraded_ = false;
        done = true;
        spdlog::info("event=write_queue_recovered");
      } else {
        chunk = journal_->read(replayed_to_, opts_.batch);
      }
    }
    if (done) {
      if (opts_.on_recovered) opts_.on_recovered();
      return true;
    }
    try {
      watched([&] {
        try {
          store_.write_batch(chunk.writes, JournalMark{journal_->id(), static_cast<std::int64_t>(chunk.next)});
        } catch (const Unavailable&) {
          throw;
        } catch (const std::exception&) {
          store_isolating(chunk.writes);
          store_.write_batch({}, JournalMark{journal_->id(), static_cast<std::int64_t>(chunk.next)});
        }
      });
    } catch (const std::exception&) {
      return false;
    }
    std::lock_guard g(mu_);
    replayed_to_ = chunk.next;
  }
}

void ReportWriter::Partition::run() {
  std::unique_lock lock(mu_);
  for (;;) {
    cv_.wait_for(lock, std::chrono::seconds(1), [&] { return stopping_ || !queue_.empty() || degraded_; });
    if (degraded_ && journal_) {
      lock.unlock();
      bool recovered = replay_journal();
      lock.lock();
      if (!recovered) {
        if (stopping_) return;
        cv_.wait_for(lock, std::chrono::seconds(1), [&] { return stopping_; });
        continue;
      }
    } else if (degraded_) {
      degraded_ = false;  // no journal: try the database again with what comes next
    }
    if (!queue_.empty()) {
      write_queue_batch(lock);
      continue;
    }
    if (stopping_) return;
  }
}


ReportWriter::ReportWriter(NodeWriteStore& store, Options opts) {
  const auto n = std::max<std::size_t>(opts.partitions, 1);
  auto each = opts;
  each.queue_limit = std::max<std::size_t>(opts.queue_limit / n, 1);
  each.journal_max_bytes = opts.journal_max_bytes / n;
  // The campus reloads once every journal is in (a writer still replaying has more).
  if (opts.on_recovered)
    each.on_recovered = [this, all_in = opts.on_recovered] {
      if (!degraded()) all_in();
    };
  if (!opts.journal_dir.empty())
    deal_journals(opts.journal_dir, n, [&store](const std::string& id) {
      try {
        return store.replayed_to(id);
      } catch (const std::exception&) {
        return std::int64_t{0};
      }
    });
  for (std::size_t i = 0; i < n; ++i) parts_.push_back(std::make_unique<Partition>(store, each, i));
}

ReportWriter::~ReportWriter() { stop(); }

void ReportWriter::submit(std::vector<NodeWrite> writes, Done done) {
  std::size_t part = 0;
  for (const auto& w : writes)
    if (auto device = device_of(w); !device.empty()) {
      part = writer_of(device, parts_.size());
      break;
    }
  parts_[part]->submit(std::move(writes), std::move(done));
}

void ReportWriter::start() {
  for (auto& p : parts_) p->start();
}

void ReportWriter::stop() {
  for (auto& p : parts_) p->stop();
}

bool ReportWriter::degraded() const {
  return std::any_of(parts_.begin(), parts_.end(), [](const auto& p) { return p->degraded(); });
}

std::size_t ReportWriter::queued() const {
  std::size_t n = 0;
  for (const auto& p : parts_) n += p->queued();
  return n;
}

std::uint64_t ReportWriter::journal_bytes() const {
  std::uint64_t n = 0;
  for (const auto& p : parts_) n += p->journal_bytes();
  return n;
}

std::int64_t ReportWriter::quarantined() const {
  std::int64_t n = 0;
  for (const auto& p : parts_) n += p->quarantined();
  return n;
}

std::unordered_map<std::string, std::int64_t> ReportWriter::journaled_seqs() const {
  std::unordered_map<std::string, std::int64_t> out;
  for (const auto& p : parts_) p->add_journaled_seqs(out);
  return out;
}

}  // namespace classroom
