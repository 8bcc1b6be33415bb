#include "domain/rollout.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <unordered_map>

namespace classroom {

const char* to_string(RolloutState s) {
  switch (s) {
    case RolloutState::running: return "running";
    case RolloutState::paused: return "paused";
    case RolloutState::halted: return "halted";
    case RolloutState::aborted: return "aborted";
    case RolloutState::completed: return "completed";
  }
  return "halted";
}

std::optional<RolloutState> parse_rollout_state(std::string_view s) {
  for (auto v : {RolloutState::running, RolloutState::paused, RolloutState::halted, RolloutState::aborted,
                 RolloutState::completed})
    if (s == to_string(v)) return v;
  return std::nullopt;
}

const char* to_string(UpdateState s) {
  switch (s) {
    case UpdateState::offered: return "offered";
    case UpdateState::updated: return "updated";
    case UpdateState::failed: return "failed";
  }
  return "offered";
}

std::optional<UpdateState> parse_update_state(std::string_view s) {
  for (auto v : {UpdateState::offered, UpdateState::updated, UpdateState::failed})
    if (s == to_string(v)) return v;
  return std::nullopt;
}

const char* to_string(RolloutStep s) {
  switch (s) {
    case RolloutStep::hold: return "hold";
    case RolloutStep::advance: return "advance";
    case RolloutStep::complete: return "complete";
    case RolloutStep::halt: return "halt";
  }
  return "hold";
}

std::string check_policy(const RolloutPolicy& p) {
  if (p.stages.empty() || p.stages.size() > 10) return "stages must list 1 to 10 percents";
  int last = 0;
  for (int s : p.stages) {
    if (s <= last || s > 100) return "stages must rise, each 1 to 100";
    last = s;
  }
  if (last != 100) return "the last stage must be 100";
  if (p.soak_s < 0 || p.window_s <= 0) return "soak_s must be >= 0 and window_s > 0";
  if (!(p.max_failed_percent >= 0 && p.max_failed_percent <= 100)) return "max_failed_percent must be 0 to 100";
  return "";
}

std::optional<std::vector<int>> parse_stages(std::string_view text) {
  std::vector<int> out;
  while (!text.empty()) {
    auto comma = text.find(',');
    auto part = text.substr(0, comma);
    int v = 0;
    auto [p, ec] = std::from_chars(part.data(), part.data() + part.size(), v);
    if (ec != std::errc{} || p != part.data() + part.size()) return std::nullopt;
    out.push_back(v);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
    if (text.empty()) return std::nullopt;
  }
  if (out.empty()) return std::nullopt;
  return out;
}

std::string stages_text(const std::vector<int>& stages) {
  std::string out;
  for (int s : stages) out += (out.empty() ? "" : ",") + std::to_string(s);
  return out;
}

namespace {

// FNV-1a, 64 bits: stable across builds and platforms (std::hash is neither).
std::uint64_t order_key(std::int64_t rollout_id, const std::string& device) {
  std::uint64_t h = 1469598103934665603ULL;
  auto mix = [&h](unsigned char c) {
    h ^= c;
    h *= 1099511628211ULL;
  };
  for (char c : std::to_string(rollout_id)) mix(static_cast<unsigned char>(c));
  mix(':');
  for (char c : device) mix(static_cast<unsigned char>(c));
  return h;
}

}  // namespace

std::vector<std::string> stage_members(std::vector<std::string> targets, std::int64_t rollout_id, int percent) {
  std::sort(targets.begin(), targets.end());
  targets.erase(std::unique(targets.begin(), targets.end()), targets.end());
  std::stable_sort(targets.begin(), targets.end(), [rollout_id](const std::string& a, const std::string& b) {
    return order_key(rollout_id, a) < order_key(rollout_id, b);
  });
  const auto n = static_cast<long long>(targets.size());
  const long long take = std::min<long long>(n, (n * std::clamp(percent, 0, 100) + 99) / 100);
  targets.resize(static_cast<std::size_t>(take));
  return targets;
}

std::optional<UpdateState> judge_heartbeat(UpdateState state, std::int64_t offered_at, std::string_view wanted,
                                           std::string_view reported, std::optional<std::int64_t> uptime_s,
                                           std::int64_t at) {
  if (state == UpdateState::failed || reported.empty()) return std::nullopt;
  if (reported == wanted) return state == UpdateState::offered ? std::optional(UpdateState::updated) : std::nullopt;
  if (state == UpdateState::updated) return UpdateState::failed;
  if (uptime_s && at - *uptime_s > offered_at) return UpdateState::failed;
  return std::nullopt;
}

StageCounts count_stage(const std::vector<std::string>& members, const std::vector<NodeUpdate>& nodes,
                        const RolloutPolicy& p, std::int64_t now, std::int64_t since) {
  std::unordered_map<std::string, const NodeUpdate*> by_device;
  for (const auto& n : nodes) by_device[n.device_id] = &n;
  StageCounts c;
  c.members = static_cast<int>(members.size());
  for (const auto& m : members) {
    auto it = by_device.find(m);
    if (it == by_device.end()) continue;
    const NodeUpdate& n = *it->second;
    ++c.offered;
    switch (n.state) {
      case UpdateState::failed:
        // The clock counts seconds: a failure in the very second of the resume was judged by it.
        if (n.done_at && *n.done_at <= since) ++c.excused;
        else ++c.failed;
        break;
      case UpdateState::updated:
        if (n.last_seen_at && now - *n.last_seen_at > p.window_s) ++c.silent;
        else ++c.updated;
        break;
      case UpdateState::offered:
        if (since - n.offered_at > p.window_s) ++c.excused;
        else if (now - n.offered_at > p.window_s) ++c.late;
        else ++c.pending;
        break;
    }
  }
  return c;
}

RolloutVerdict judge_stage(const RolloutPolicy& p, std::size_t stage, std::int64_t stage_started_at,
                           const StageCounts& c, std::int64_t now) {
  if (c.offered > 0 && c.bad() * 100.0 > p.max_failed_percent * c.offered) {
    return {RolloutStep::halt, std::to_string(c.bad()) + " of " + std::to_string(c.offered) +
                                   " nodes offered the update failed or did not come back on it (" +
                                   std::to_string(c.failed) + " failed, " + std::to_string(c.late) + " late, " +
                                   std::to_string(c.silent) + " silent)"};
  }
  const bool last = stage + 1 >= p.stages.size();
  if (last) {
    if (c.members > 0 && c.updated == c.members) return {RolloutStep::complete, "every target device updated"};
    return {RolloutStep::hold, ""};
  }
  if (now - stage_started_at < p.soak_s) return {RolloutStep::hold, "soaking"};
  if (c.pending > 0) return {RolloutStep::hold, "nodes still updating"};
  if (c.offered == 0 && c.members > 0) return {RolloutStep::hold, "no node of the stage has checked in yet"};
  return {RolloutStep::advance, "stage soaked with " + std::to_string(c.updated) + " of " +
                                    std::to_string(c.offered) + " nodes updated"};
}

}  // namespace classroom
