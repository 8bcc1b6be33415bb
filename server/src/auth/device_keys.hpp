#pragma once
// Node authentication: every /api/esp/* call carries X-Device-ID and X-API-Key. Keys
// are kept in memory as SHA-256 hashes only (32 bytes each, for 100,000 devices), in
// step with the database (rotation and deactivation take effect at once, on every
// instance).
#include "auth/secrets.hpp"
#include "domain/caller.hpp"

#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace classroom {

struct DeviceKey {  // as stored
  std::string device_id;
  std::string key_hash;  // SHA-256 hex of the key; anything else matches no key
  bool is_active = true;
};

class DeviceKeys {
 public:
  void load(const std::vector<DeviceKey>& keys);
  void upsert(const DeviceKey& key);
  void remove(const std::string& device_id);
  // Unauthorized unless the device is known, active and the key matches.
  DeviceCaller authenticate(const std::string& device_id, const std::string& api_key) const;

 private:
  struct Entry {
    std::optional<Sha256> hash;
    bool is_active = true;
  };
  static Entry entry_of(const DeviceKey& key) { return {sha256_from_hex(key.key_hash), key.is_active}; }

  mutable std::mutex mu_;
  std::unordered_map<std::string, Entry> keys_;
};

// A key given by an admin for a node already in the field: 8 characters or more.
// Keys shorter than a generated one are accepted but reported as weak.
inline constexpr std::size_t kMinDeviceKey = 8;
inline constexpr std::size_t kStrongDeviceKey = 16;

}  // namespace classroom
