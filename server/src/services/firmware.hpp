#pragma once
// Over-the-air updates: the image store (uploads checked against the configured
// Ed25519 keys), rollouts to a device, a building or the campus in stages, and the
// offers in node answers. The report path only looks up an in-memory table; a
// background pass (every check interval, and after each admin change) writes what
// nodes did, judges each running rollout's stage (domain/rollout.hpp) and rebuilds
// the table from the database, so several instances on one database agree.
#include "auth/firmware_signature.hpp"
#include "storage/firmware.hpp"
#include "util/clock.hpp"

#include <condition_variable>
#include <mutex>
#include <set>
#include <unordered_set>
#include <thread>
#include <unordered_map>

namespace classroom {

struct FirmwareSettings {
  std::vector<FirmwareKey> keys;  // none: uploads refused
  std::size_t max_bytes = 4u << 20;
  RolloutPolicy policy;           // the defaults of a new rollout
  int check_interval_s = 10;
};

struct FirmwareOffer {
  std::string version, sha256, signature;
  std::int64_t size = 0;
};

struct RolloutView {
  Rollout rollout;
  int targets = 0;
  StageCounts stage;  // the current stage's members
  int offered = 0, updated = 0, failed = 0;  // the whole rollout
};

class FirmwareService {
 public:
  FirmwareService(FirmwareStore& store, const Clock& clock, FirmwareSettings settings);
  ~FirmwareService();
  void start();
  void stop();

  FirmwareImage upload(const std::string& version, const std::string& signature_hex, const std::string& bytes,
                       const std::string& notes, const std::string& by);
  std::vector<FirmwareImage> images() { return store_.images(); }
  void remove_image(const std::string& version);
  std::optional<std::string> image_bytes(const std::string& version) { return store_.image_bytes(version); }

  struct RolloutRequest {
    std::string version;
    RolloutScope scope = RolloutScope::campus;
    std::string target;
    std::optional<std::vector<int>> stages;
    std::optional<std::int64_t> soak_s, window_s;
    std::optional<double> max_failed_percent;
  };
  RolloutView start_rollout(const RolloutRequest& r, const std::string& by);
  std::vector<RolloutView> rollouts();
  RolloutView rollout(std::int64_t id);
  RolloutView pause(std::int64_t id, const std::string& by);
  RolloutView resume(std::int64_t id, const std::string& by);
  RolloutView abort(std::int64_t id, const std::string& by);
  std::vector<DeviceFirmware> devices() { return store_.devices(); }

  // The report path (network thread, never blocks on the database).
  std::optional<FirmwareOffer> offer(const std::string& device_id);
  void heartbeat(const std::string& device_id, const std::string& version, std::optional<std::int64_t> uptime_s);

  // One background pass; `start()` runs it every check interval.
  void pass();

 private:
  RolloutView view(const Rollout& r);
  void flush();
  void evaluate(std::vector<TargetDevice>& versions_out);

  struct Entry {
    std::int64_t rollout_id = 0;
    FirmwareOffer offer;
  };
  struct Seen {
    std::string device, version;
    std::optional<std::int64_t> uptime_s;
    std::int64_t at = 0;
  };

  FirmwareStore& store_;
  const Clock& clock_;
  FirmwareSettings settings_;

  std::mutex mu_;  // the table and the queues below
  std::unordered_map<std::string, Entry> offers_;
  std::unordered_map<std::string, std::string> versions_;
  std::set<std::pair<std::int64_t, std::string>> offered_;  // recorded already
  std::unordered_map<std::string, std::int64_t> updated_;   // device → running rollout it updated in
  std::set<std::string> involved_;                          // devices offered an update by a rollout not aborted
  std::vector<std::tuple<std::int64_t, std::string, std::string, std::int64_t>> new_offers_;
  std::vector<Seen> seen_;
  std::unordered_map<std::string, std::int64_t> contacts_;

  std::mutex pass_mu_;  // one pass at a time
  std::thread thread_;
  std::mutex stop_mu_;
  std::condition_variable stop_cv_;
  bool stopping_ = false;
};

}  // namespace classroom
