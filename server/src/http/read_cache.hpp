#pragma once
// Answers to reads that many ask and few change (the room lists, the overview): built
// once for a state of what they show, then handed out as they are. The state is the
// cache's own count of the writes answered on this instance, plus what the caller says
// of the rest (the live campus's version, the clock's second): a reader sees its own
// writes at once, and changes made elsewhere within a second.
#include "http/router.hpp"
#include "util/metrics.hpp"

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace classroom {

struct ReadState {
  std::uint64_t version = 0;  // moves with every change the answers may show
  std::int64_t second = 0;    // answers that show "now" last a second at most
  bool operator==(const ReadState&) const = default;
};

class ReadCache {
 public:
  // `outside`: the state of what the cache does not see written.
  // `metrics`: classroom_read_cache_answers_total by route and result (kept, built).
  explicit ReadCache(std::function<ReadState()> outside, Metrics* metrics = nullptr, std::size_t max_answers = 256);
  // A write was answered here: every answer is built again.
  void written() { ++writes_; }
  // `handler` behind the cache: its 200 answers are kept by path and query.
  SyncHandler in_front_of(SyncHandler handler);

 private:
  struct Kept {
    ReadState state;
    std::shared_ptr<const Response> answer;
  };
  ReadState state() const;

  void count(const Request& req, const char* result);
  std::function<ReadState()> outside_;
  Metrics* metrics_;
  std::size_t max_answers_;
  std::atomic<std::uint64_t> writes_{0};
  std::mutex mu_;
  std::unordered_map<std::string, Kept> kept_;
};

}  // namespace classroom
