#include "settings_store.hpp"

#include <Preferences.h>

namespace shell {
namespace {
constexpr const char* kNamespace = "classroom";
}

fw::Config SettingsStore::load(std::vector<std::string>& problems) {
  Preferences p;
  p.begin(kNamespace, true);
  const String text = p.getString("config");
  p.end();
  fw::Config c;
  fw::load_settings(c, text.c_str(), problems);
  return c;
}

bool SettingsStore::save(const fw::Config& config) {
  Preferences p;
  p.begin(kNamespace, false);
  const std::string text = fw::serialize(config);
  const bool ok = p.putString("config", text.c_str()) == text.size();
  p.end();
  return ok;
}

std::int64_t SettingsStore::seq_ceiling() {
  Preferences p;
  p.begin(kNamespace, true);
  const std::int64_t v = p.getLong64("seq_ceiling", 0);
  p.end();
  return v;
}

void SettingsStore::save_seq_ceiling(std::int64_t ceiling) {
  Preferences p;
  p.begin(kNamespace, false);
  p.putLong64("seq_ceiling", ceiling);
  p.end();
}

fw::SavedState SettingsStore::node_state() {
  Preferences p;
  p.begin(kNamespace, true);
  const String text = p.getString("node_state");
  p.end();
  return fw::parse_state(text.c_str());
}

void SettingsStore::save_node_state(const fw::SavedState& state) {
  Preferences p;
  p.begin(kNamespace, false);
  p.putString("node_state", fw::serialize_state(state).c_str());
  p.end();
}

std::string SettingsStore::offline_reports() {
  Preferences p;
  p.begin(kNamespace, true);
  const String text = p.getString("outbox");
  p.end();
  return text.c_str();
}

bool SettingsStore::save_offline_reports(const std::string& text) {
  Preferences p;
  p.begin(kNamespace, false);
  // An empty buffer is no entry at all: nothing to read back, no flash held.
  const bool ok = text.empty() ? (p.remove("outbox"), true) : p.putString("outbox", text.c_str()) == text.size();
  p.end();
  return ok;
}

std::string SettingsStore::failed_update() {
  Preferences p;
  p.begin(kNamespace, true);
  const String v = p.getString("ota_failed");
  p.end();
  return v.c_str();
}

void SettingsStore::save_failed_update(const std::string& version) {
  Preferences p;
  p.begin(kNamespace, false);
  p.putString("ota_failed", version.c_str());
  p.end();
}

std::int32_t SettingsStore::unstable_boots() {
  Preferences p;
  p.begin(kNamespace, true);
  const auto v = static_cast<std::int32_t>(p.getLong64("unstable_boots", 0));
  p.end();
  return v;
}

void SettingsStore::save_unstable_boots(std::int32_t count) {
  Preferences p;
  p.begin(kNamespace, false);
  if (p.getLong64("unstable_boots", -1) != count) p.putLong64("unstable_boots", count);
  p.end();
}

String SettingsStore::ca_pem() {
  Preferences p;
  p.begin(kNamespace, true);
  const String pem = p.getString("ca_pem");
  p.end();
  return pem;
}

bool SettingsStore::save_ca_pem(const String& pem) {
  Preferences p;
  p.begin(kNamespace, false);
  const bool ok = pem.isEmpty() ? (p.remove("ca_pem"), true) : p.putString("ca_pem", pem) == pem.length();
  p.end();
  return ok;
}

}  // namespace shell
