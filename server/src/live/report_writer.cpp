#include "live/report_writer.hpp"

#include "domain/errors.hpp"

#include <spdlog/spdlog.h>

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
std::string device_of(const NodeWrite& w) {
  return std::visit([](const auto& x) -> std::string {
    if constexpr (requires { x.device_id; }) return x.device_id;
    else return "";
  }, w);
}
}  // namespace

ReportWriter::ReportWriter(NodeWriteStore& store, Options opts) : store_(store), opts_(std::move(opts)) {
  if (!opts_.journal_dir.empty()) journal_ = std::make_unique<Journal>(opts_.journal_dir, opts_.journal_max_bytes);
}

ReportWriter::~ReportWriter() { stop(); }

void ReportWriter::start() {
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
void ReportWriter::watched(F&& f) {
  {
    std::lock_guard g(mu_);
    writing_since_ = std::chrono::steady_clock::now();
    interrupted_ = false;
  }
  struct Done {
    ReportWriter& w;
    ~Done() {
      std::lock_guard g(w.mu_);
      w.writing_since_ = {};
    }
  } done{*this};
  f();
}

void ReportWriter::watch() {
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

std::unordered_map<std::string, std::int64_t> ReportWriter::journaled_seqs() const {
  std::unordered_map<std::string, std::int64_t> out;
  std::lock_guard g(mu_);
  if (!journal_) return out;
  for (auto offset = replayed_to_; offset < journal_->end();) {
    auto chunk = journal_->read(offset, opts_.batch);
    if (chunk.writes.empty()) break;
    for (const auto& w : chunk.writes)
      if (const auto* s = std::get_if<StatusWrite>(&w); s && s->seq)
        out[s->device_id] = std::max(out[s->device_id], *s->seq);
    offset = chunk.next;
  }
  return out;
}

void ReportWriter::stop() {
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

bool ReportWriter::degraded() const {
  std::lock_guard g(mu_);
  return degraded_;
}

std::size_t ReportWriter::queued() const {
  std::lock_guard g(mu_);
  return queued_writes_;
}

std::uint64_t ReportWriter::journal_bytes() const {
  std::lock_guard g(mu_);
  return journal_ && journal_->end() > replayed_to_ ? journal_->end() - replayed_to_ : 0;
}

bool ReportWriter::journal_locked(std::vector<NodeWrite> writes) {
  if (!journal_) return false;
  try {
    return journal_->append(writes);
  } catch (const std::exception& e) {
    spdlog::error("event=journal_write_failed what=\"{}\"", e.what());
    return false;
  }
}

void ReportWriter::submit(std::vector<NodeWrite> writes, Done done) {
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
void ReportWriter::store_isolating(const std::vector<NodeWrite>& batch) {
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
bool ReportWriter::write_queue_batch(std::unique_lock<std::mutex>& lock) {
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
bool ReportWriter::replay_journal() {
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

void ReportWriter::run() {
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

}  // namespace classroom
