#include "auth/device_keys.hpp"

#include "domain/errors.hpp"

namespace classroom {

void DeviceKeys::load(const std::vector<DeviceKey>& keys) {
  std::unordered_map<std::string, Entry> next;
  next.reserve(keys.size());
  for (const auto& k : keys) next[k.device_id] = entry_of(k);
  std::lock_guard g(mu_);
  keys_ = std::move(next);
}

void DeviceKeys::upsert(const DeviceKey& key) {
  std::lock_guard g(mu_);
  keys_[key.device_id] = entry_of(key);
}

void DeviceKeys::remove(const std::string& device_id) {
  std::lock_guard g(mu_);
  keys_.erase(device_id);
}

DeviceCaller DeviceKeys::authenticate(const std::string& device_id, const std::string& api_key) const {
  if (device_id.empty() || api_key.empty()) throw Unauthorized("X-Device-ID and X-API-Key headers are required");
  const auto hash = sha256(api_key);
  auto bytes = [](const Sha256& h) { return std::string_view(reinterpret_cast<const char*>(h.data()), h.size()); };
  std::lock_guard g(mu_);
  auto it = keys_.find(device_id);
  if (it == keys_.end() || !it->second.hash || !equal_secret(bytes(hash), bytes(*it->second.hash)))
    throw Unauthorized("Unknown device or wrong API key");
  if (!it->second.is_active) throw Unauthorized("Device is deactivated");
  return DeviceCaller{device_id};
}

}  // namespace classroom
