#include "http/read_cache.hpp"

namespace classroom {

namespace {
// The path and the query, which is all a cached read may depend on (the route's access
// is the same for every caller it lets in).
std::string key_of(const Request& req) {
  std::string key = req.path;
  for (const auto& [name, value] : req.query) key.append(1, '\n').append(name).append(1, '=').append(value);
  return key;
}
}  // namespace

ReadCache::ReadCache(std::function<ReadState()> outside, Metrics* metrics, std::size_t max_answers)
    : outside_(std::move(outside)), metrics_(metrics), max_answers_(max_answers) {
  if (metrics_) metrics_->describe("classroom_read_cache_answers_total", "Cached reads by route: kept (served as built) or built");
}

void ReadCache::count(const Request& req, const char* result) {
  if (metrics_)
    metrics_->add("classroom_read_cache_answers_total", Labels().add("route", req.route).add("result", result).text());
}

ReadState ReadCache::state() const {
  auto s = outside_();
  s.version += writes_;
  return s;
}

SyncHandler ReadCache::in_front_of(SyncHandler handler) {
  return [this, handler = std::move(handler)](Request& req) {
    auto key = key_of(req);
    auto now = state();  // before building: a write meanwhile makes this answer stale
    std::shared_ptr<const Response> kept;
    {
      std::lock_guard g(mu_);
      if (auto it = kept_.find(key); it != kept_.end() && it->second.state == now) kept = it->second.answer;
    }
    if (kept) {
      count(req, "kept");
      return *kept;
    }
    auto built = handler(req);
    count(req, "built");
    if (built.status == 200) {
      auto answer = std::make_shared<const Response>(built);
      std::lock_guard g(mu_);
      if (kept_.size() >= max_answers_ && !kept_.contains(key)) kept_.clear();
      kept_[key] = {now, std::move(answer)};
    }
    return built;
  };
}

}  // namespace classroom
