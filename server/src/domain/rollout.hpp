#pragma once
// Staged firmware rollouts, the decisions: which target devices a stage offers the
// update to (a deterministic order by a hash of the rollout and the device), and
// whether a stage holds, advances, completes or halts, from what its nodes did.
// Pure functions of their arguments (times are unix seconds).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace classroom {

enum class RolloutState { running, paused, halted, aborted, completed };
const char* to_string(RolloutState s);
std::optional<RolloutState> parse_rollout_state(std::string_view s);
// Running and completed rollouts offer their image; the others offer nothing.
inline bool offers(RolloutState s) { return s == RolloutState::running || s == RolloutState::completed; }

struct RolloutPolicy {
  std::vector<int> stages{1, 10, 100};  // percent of the target devices, rising, the last 100
  std::int64_t soak_s = 3600;           // a stage lasts at least this long
  std::int64_t window_s = 1800;         // an offered node must be back on the new version within it
  double max_failed_percent = 5;        // of the nodes offered: more than this failed or late halts
};
// "" when the policy is sound, else what is wrong with it.
std::string check_policy(const RolloutPolicy& p);
// "1,10,100" → {1, 10, 100}; nothing when not a list of whole percents.
std::optional<std::vector<int>> parse_stages(std::string_view text);
std::string stages_text(const std::vector<int>& stages);

// The devices of a stage of `percent` of `targets`: the first ceil(percent·n/100) in
// the order of hash(rollout, device), so each stage holds the devices of the one
// before, and a rollout picks the same devices however often it is asked.
std::vector<std::string> stage_members(std::vector<std::string> targets, std::int64_t rollout_id, int percent);

enum class UpdateState { offered, updated, failed };
const char* to_string(UpdateState s);
std::optional<UpdateState> parse_update_state(std::string_view s);

// One node's part in a rollout.
struct NodeUpdate {
  std::string device_id;
  UpdateState state = UpdateState::offered;
  std::int64_t offered_at = 0;
  std::optional<std::int64_t> last_seen_at;  // last contact since it reported the new version
  std::optional<std::int64_t> done_at;       // when it was updated or failed
};

// What a heartbeat of a node offered `wanted` says of its update: updated once it
// reports that version; failed when it reports another after booting since the offer
// (`at - uptime_s > offered_at`: the image was refused, or the bootloader rolled it
// back) or after it had reported the new one; nothing new otherwise (still on its old
// version, not rebooted yet).
std::optional<UpdateState> judge_heartbeat(UpdateState state, std::int64_t offered_at, std::string_view wanted,
                                           std::string_view reported, std::optional<std::int64_t> uptime_s,
                                           std::int64_t at);

struct StageCounts {
  int members = 0;   // target devices in the stage
  int offered = 0;   // members offered the update so far
  int updated = 0;   // back on the new version and checking in
  int failed = 0;    // reported a failure (came back on another version after the offer)
  int late = 0;      // offered, not back on the new version within the window
  int silent = 0;    // updated, then no contact within the window
  int pending = 0;   // offered, within the window
  int excused = 0;   // failed or late already when the stage began (or the rollout was resumed): judged then
  int bad() const { return failed + late + silent; }
};
// `since`: when the stage began or the rollout was resumed. A node that had failed (in
// that second or before) or was late by then was judged then (it halted the rollout, or was within the
// threshold) and is not held against the stage again, so a resumed rollout goes on.
StageCounts count_stage(const std::vector<std::string>& members, const std::vector<NodeUpdate>& nodes,
                        const RolloutPolicy& p, std::int64_t now, std::int64_t since = 0);

enum class RolloutStep { hold, advance, complete, halt };
const char* to_string(RolloutStep s);
struct RolloutVerdict {
  RolloutStep step = RolloutStep::hold;
  std::string reason;
};
// For a running rollout in stage `stage` (an index into p.stages) since `stage_started_at`:
// halt when more than max_failed_percent of the offered nodes are failed, late or
// silent; advance (complete, at the last stage) once the soak time has passed, no
// offered node is still pending and, before the last stage, at least one was offered.
RolloutVerdict judge_stage(const RolloutPolicy& p, std::size_t stage, std::int64_t stage_started_at,
                           const StageCounts& c, std::int64_t now);

}  // namespace classroom
