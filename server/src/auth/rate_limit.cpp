#include "auth/rate_limit.hpp"

#include <algorithm>

namespace classroom {

int RateLimiter::wait_locked(const Window& w, std::int64_t now) const {
  if (now < w.blocked_until) return static_cast<int>(w.blocked_until - now);
  if (max_block_s_ == 0 && now - w.start < window_s_ && w.count >= limit_)
    return static_cast<int>(w.start + window_s_ - now);
  return 0;
}

int RateLimiter::hit(const std::string& key, std::int64_t now) {
  std::lock_guard g(mu_);
  if (now - last_purge_ > window_s_) {  // forget what can no longer matter, so the map stays small
    std::erase_if(windows_, [&](const auto& kv) {
      const auto& w = kv.second;
      return now - w.start >= window_s_ && now >= w.blocked_until &&
             (w.strikes == 0 || now - w.blocked_until >= kForgetStrikesS);
    });
    last_purge_ = now;
  }
  auto& w = windows_[key];
  if (int wait = wait_locked(w, now)) return wait;
  if (w.strikes && now - w.blocked_until >= kForgetStrikesS) w.strikes = 0;
  if (now - w.start >= window_s_) w.start = now, w.count = 0;
  ++w.count;
  if (max_block_s_ > 0 && w.count >= limit_) {
    ++w.strikes;
    w.blocked_until = now + std::min(max_block_s_, window_s_ << std::min(w.strikes - 1, 20));
    w.start = now, w.count = 0;
  }
  return 0;
}

int RateLimiter::wait(const std::string& key, std::int64_t now) {
  std::lock_guard g(mu_);
  auto it = windows_.find(key);
  return it == windows_.end() ? 0 : wait_locked(it->second, now);
}

void RateLimiter::reset(const std::string& key) {
  std::lock_guard g(mu_);
  windows_.erase(key);
}

}  // namespace classroom
