#pragma once
// The node's settings, seq ceiling, saved state, offline buffer and CA certificate in
// NVS (Preferences).
#include <Arduino.h>

#include <cstdint>
#include <string>
#include <vector>

#include "config.hpp"
#include "saved_state.hpp"

namespace shell {

class SettingsStore {
 public:
  // Stored values that are out of range are skipped and named in `problems`.
  fw::Config load(std::vector<std::string>& problems);
  bool save(const fw::Config& config);
  std::int64_t seq_ceiling();
  void save_seq_ceiling(std::int64_t ceiling);
  // The node's booking and the server's last word (fw::SavedState).
  fw::SavedState node_state();
  void save_node_state(const fw::SavedState& state);
  // The offline buffer (fw::serialize_reports' text; empty: nothing waiting).
  std::string offline_reports();
  bool save_offline_reports(const std::string& text);
  // The firmware version that was refused or rolled back (not taken again).
  std::string failed_update();
  void save_failed_update(const std::string& version);
  // Boots in a row that ended before they proved stable (boot-loop protection).
  std::int32_t unstable_boots();
  void save_unstable_boots(std::int32_t count);
  String ca_pem();
  bool save_ca_pem(const String& pem);
};

}  // namespace shell
