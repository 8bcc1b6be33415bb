#include "storage/devices.hpp"

#include "storage/db.hpp"
#include "storage/mail_outbox.hpp"
#include "storage/outbox.hpp"

namespace classroom {

namespace {

const char* kSelect =
    "SELECT d.id, d.device_id, d.name, d.mac_address, d.is_active, d.is_connected, d.last_seen, "
    "d.firmware_version, c.id, c.name, d.api_key_hash, d.last_seq, d.created_at, d.key_weak, "
    "d.rssi, d.uptime_s, d.free_heap, d.reset_reason, d.health_at "
    "FROM esp_devices d LEFT JOIN classrooms c ON c.esp_device_id = d.device_id ";

Device read_device(const soci::row& r) {
  Device d;
  d.id = row_i64(r, 0);
  d.device_id = row_str(r, 1);
  d.name = row_str(r, 2);
  d.mac_address = row_str(r, 3);
  d.is_active = row_bool(r, 4);
  d.is_connected = row_bool(r, 5);
  d.last_seen = row_opt_i64(r, 6);
  d.firmware_version = row_str(r, 7);
  d.classroom_id = row_opt_i64(r, 8);
  d.classroom_name = row_str(r, 9);
  d.api_key_hash = row_str(r, 10);
  d.last_seq = row_i64(r, 11);
  d.created_at = row_i64(r, 12);
  d.key_weak = row_bool(r, 13);
  d.health = {row_opt_i64(r, 14), row_opt_i64(r, 15), row_opt_i64(r, 16), row_str(r, 17)};
  d.health_at = row_opt_i64(r, 18);
  return d;
}

std::optional<Device> find_in(soci::session& s, const std::string& device_id) {
  soci::rowset<soci::row> rs = (s.prepare << std::string(kSelect) + "WHERE d.device_id = :d", soci::use(device_id));
  for (const auto& r : rs) return read_device(r);
  return std::nullopt;
}

[[noreturn]] void not_found(const std::string& device_id) {
  throw NotFound("No device with device_id '" + device_id + "'");
}

}  // namespace

std::vector<Device> DeviceStore::list() {
  return db_.run([](soci::session& s) {
    std::vector<Device> out;
    soci::rowset<soci::row> rs = (s.prepare << std::string(kSelect) + "ORDER BY d.device_id");
    for (const auto& r : rs) out.push_back(read_device(r));
    return out;
  });
}

std::optional<Device> DeviceStore::find(const std::string& device_id) {
  return db_.run([&](soci::session& s) { return find_in(s, device_id); });
}

Device DeviceStore::create(const Device& d, std::int64_t now) {
  return db_.write([&](soci::session& s) {
    if (find_in(s, d.device_id))
      throw Conflict("Device already exists", "device_id '" + d.device_id + "' is already registered", "device_id");
    long long at = now;
    int active = d.is_active ? 1 : 0, weak = d.key_weak ? 1 : 0;
    s << "INSERT INTO esp_devices (device_id, name, mac_address, api_key_hash, key_weak, is_active, created_at, updated_at) "
         "VALUES (:d, :n, :m, :h, :w, :a, :c, :u)",
        soci::use(d.device_id), soci::use(d.name), soci::use(d.mac_address), soci::use(d.api_key_hash), soci::use(weak),
        soci::use(active), soci::use(at), soci::use(at);
    return *find_in(s, d.device_id);
  });
}

Device DeviceStore::update(const std::string& device_id, const DevicePatch& p, std::int64_t now) {
  return db_.write([&](soci::session& s) {
    auto current = find_in(s, device_id);
    if (!current) not_found(device_id);
    std::string name = p.name.value_or(current->name);
    std::string mac = p.mac_address.value_or(current->mac_address);
    int active = p.is_active.value_or(current->is_active) ? 1 : 0;
    long long at = now;
    s << "UPDATE esp_devices SET name = :n, mac_address = :m, is_active = :a, updated_at = :u WHERE device_id = :d",
        soci::use(name), soci::use(mac), soci::use(active), soci::use(at), soci::use(device_id);
    return *find_in(s, device_id);
  });
}

void DeviceStore::set_key_hash(const std::string& device_id, const std::string& hash, bool weak, std::int64_t now) {
  db_.write([&](soci::session& s) {
    if (!find_in(s, device_id)) not_found(device_id);
    long long at = now;
    int w = weak ? 1 : 0;
    s << "UPDATE esp_devices SET api_key_hash = :h, key_weak = :w, updated_at = :u WHERE device_id = :d",
        soci::use(hash), soci::use(w), soci::use(at), soci::use(device_id);
  });
}

void DeviceStore::remove(const std::string& device_id, std::int64_t now) {
  db_.write([&](soci::session& s) {
    if (!find_in(s, device_id)) not_found(device_id);
    long long at = now;
    s << "UPDATE classrooms SET esp_device_id = NULL, updated_at = :u WHERE esp_device_id = :d", soci::use(at),
        soci::use(device_id);
    s << "DELETE FROM esp_devices WHERE device_id = :d", soci::use(device_id);
  });
}

void DeviceStore::set_connected(const std::string& device_id, bool connected) {
  int c = connected ? 1 : 0;
  db_.run([&](soci::session& s) {
    s << "UPDATE esp_devices SET is_connected = :c WHERE device_id = :d", soci::use(c), soci::use(device_id);
  });
}

namespace {
const char* kLiveDevice =
    "SELECT d.device_id, d.api_key_hash, d.is_active, d.is_connected, d.last_seen, d.last_seq, c.id "
    "FROM esp_devices d LEFT JOIN classrooms c ON c.esp_device_id = d.device_id AND c.is_active = 1 ";
LiveDevice read_live(const soci::row& r) {
  return {row_str(r, 0), row_str(r, 1), row_bool(r, 2), row_bool(r, 3), row_opt_i64(r, 4), row_i64(r, 5),
          row_opt_i64(r, 6)};
}
}  // namespace

namespace {
// A device went offline or came online: the webhooks hear of it in the caller's transaction.
void enqueue_connectivity(soci::session& s, const std::string& device_id, bool online, std::int64_t now) {
  long long room = 0;
  soci::indicator ind = soci::i_null;
  s << "SELECT id FROM classrooms WHERE esp_device_id = :d", soci::use(device_id), soci::into(room, ind);
  bool linked = s.got_data() && ind == soci::i_ok;
  const char* event = online ? "device.online" : "device.offline";
  // The admins' digest mail too.
  record_alert(s, event, device_id, linked ? std::optional<long long>(room) : std::nullopt, "", now);
  enqueue_event(s, {event, linked ? "room:" + std::to_string(room) : "device:" + device_id,
                    [&] {
                      return event_payload(event, now,
                                           {{"device_id", device_id},
                                            {"classroom_id", linked ? boost::json::value(room) : nullptr},
                                            {"online", online}});
                    },
                    now});
}
}  // namespace

std::vector<std::string> DeviceStore::mark_offline(std::int64_t cutoff, std::int64_t now) {
  long long c = cutoff;
  return db_.write([&](soci::session& s) {
    std::vector<std::string> out;
    {
      soci::rowset<soci::row> rs = (s.prepare << "UPDATE esp_devices SET is_connected = 0 "
                                                 "WHERE is_connected = 1 AND last_seen < :c RETURNING device_id",
                                    soci::use(c));
      for (const auto& r : rs) out.push_back(row_str(r, 0));
    }
    // The same transaction tells the webhooks (the UPDATE decided who went offline,
    // once, whichever instance ran the sweep).
    for (const auto& device : out) enqueue_connectivity(s, device, false, now);
    return out;
  });
}

std::size_t DeviceStore::count() { return db_.count_rows("esp_devices"); }

void DeviceStore::each_live(const std::function<void(LiveDevice&&)>& row) {
  db_.each_page(std::string(kLiveDevice) + "WHERE d.device_id > :a ORDER BY d.device_id", std::string(),
                [&](const soci::row& r) {
                  auto d = read_live(r);
                  auto key = d.device_id;
                  row(std::move(d));
                  return key;
                });
}

std::optional<LiveDevice> DeviceStore::live_device(const std::string& device_id) {
  return db_.run([&](soci::session& s) -> std::optional<LiveDevice> {
    soci::rowset<soci::row> rs = (s.prepare << std::string(kLiveDevice) + "WHERE d.device_id = :d", soci::use(device_id));
    for (const auto& r : rs) return read_live(r);
    return std::nullopt;
  });
}

}  // namespace classroom
