#pragma once
// Firmware images, rollouts and each node's part in one (schema 18). The image bytes
// live in the database (base64 text, portable across both dialects) so that every
// instance on one PostgreSQL serves the same image without a shared file system, and a
// backup holds them.
#include "domain/rollout.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace classroom {

class Db;

struct FirmwareImage {
  std::int64_t id = 0;
  std::string version;
  std::int64_t size = 0;
  std::string sha256;     // hex
  std::string signature;  // hex, Ed25519 over the SHA-256 digest
  std::string notes;
  std::string uploaded_by;
  std::int64_t created_at = 0;
};

enum class RolloutScope { device, building, campus };
const char* to_string(RolloutScope s);
std::optional<RolloutScope> parse_rollout_scope(std::string_view s);

struct Rollout {
  std::int64_t id = 0;
  std::string version;
  RolloutScope scope = RolloutScope::campus;
  std::string target;  // the device id, or the building id; empty for the campus
  RolloutPolicy policy;
  std::size_t stage = 0;  // index into policy.stages
  RolloutState state = RolloutState::running;
  std::int64_t stage_started_at = 0;
  std::string reason;  // why it halted, paused or aborted
  std::string created_by;
  std::int64_t created_at = 0, updated_at = 0;
};

struct TargetDevice {
  std::string device_id;
  std::string firmware_version;  // empty: never said
};

struct StoredUpdate : NodeUpdate {
  std::int64_t rollout_id = 0;
  std::string from_version;
};

// A device as the admins' update view shows it: its version and its latest update.
struct DeviceFirmware {
  std::string device_id, name, firmware_version;
  std::optional<std::int64_t> last_seen;
  std::optional<StoredUpdate> update;
  std::string update_version;  // the version of that update's rollout
};

class FirmwareStore {
 public:
  explicit FirmwareStore(Db& db) : db_(db) {}

  // Conflict when the version is stored already.
  FirmwareImage add_image(const FirmwareImage& meta, const std::string& bytes);
  std::vector<FirmwareImage> images();
  std::optional<FirmwareImage> image(const std::string& version);
  std::optional<std::string> image_bytes(const std::string& version);
  // NotFound; Conflict while a running or paused rollout uses it (finished ones go with it).
  void remove_image(const std::string& version);

  Rollout add_rollout(const Rollout& r);
  std::vector<Rollout> rollouts();  // newest first
  std::optional<Rollout> rollout(std::int64_t id);
  // Conditional: only from one of `from`; false when it was not in one.
  bool set_state(std::int64_t id, const std::vector<RolloutState>& from, RolloutState to, const std::string& reason,
                 std::int64_t now);
  bool advance(std::int64_t id, std::size_t from_stage, std::int64_t now);

  std::vector<TargetDevice> targets(RolloutScope scope, const std::string& target);
  bool device_exists(const std::string& device_id);
  bool building_exists(std::int64_t id);

  std::vector<StoredUpdate> updates(std::int64_t rollout_id);
  // The updates of `device` in rollouts that are not aborted.
  std::vector<StoredUpdate> device_updates(const std::string& device);
  struct Offered {
    std::int64_t rollout_id = 0;
    std::string device, from_version;
    std::int64_t at = 0;
  };
  // In one transaction each (a pass may carry a stage's worth).
  void record_offers(const std::vector<Offered>& offers);
  void record_already_updated(std::int64_t rollout_id, const std::string& device, std::int64_t at);
  void set_update(std::int64_t rollout_id, const std::string& device, UpdateState state, std::int64_t at);
  struct Contact {
    std::int64_t rollout_id = 0;
    std::string device;
    std::int64_t at = 0;
  };
  void touch(const std::vector<Contact>& contacts);

  std::vector<DeviceFirmware> devices();

 private:
  Db& db_;
};

}  // namespace classroom
