#include "storage/firmware.hpp"

#include "auth/firmware_signature.hpp"
#include "domain/errors.hpp"
#include "storage/db.hpp"

#include <soci/soci.h>

namespace classroom {

const char* to_string(RolloutScope s) {
  switch (s) {
    case RolloutScope::device: return "device";
    case RolloutScope::building: return "building";
    case RolloutScope::campus: return "campus";
  }
  return "campus";
}

std::optional<RolloutScope> parse_rollout_scope(std::string_view s) {
  for (auto v : {RolloutScope::device, RolloutScope::building, RolloutScope::campus})
    if (s == to_string(v)) return v;
  return std::nullopt;
}

namespace {

constexpr const char* kImageColumns = "id, version, size, sha256, signature, notes, uploaded_by, created_at";

FirmwareImage read_image(const soci::row& r) {
  return {row_i64(r, 0), row_str(r, 1), row_i64(r, 2), row_str(r, 3), row_str(r, 4), row_str(r, 5), row_str(r, 6),
          row_i64(r, 7)};
}

constexpr const char* kRolloutColumns =
    "id, version, scope, target, stages, stage, state, stage_started_at, soak_s, window_s, max_failed_percent, "
    "reason, created_by, created_at, updated_at";

Rollout read_rollout(const soci::row& r) {
  Rollout o;
  o.id = row_i64(r, 0);
  o.version = row_str(r, 1);
  o.scope = parse_rollout_scope(row_str(r, 2)).value_or(RolloutScope::campus);
  o.target = row_str(r, 3);
  o.policy.stages = parse_stages(row_str(r, 4)).value_or(std::vector<int>{100});
  o.stage = static_cast<std::size_t>(row_i64(r, 5));
  o.state = parse_rollout_state(row_str(r, 6)).value_or(RolloutState::halted);
  o.stage_started_at = row_i64(r, 7);
  o.policy.soak_s = row_i64(r, 8);
  o.policy.window_s = row_i64(r, 9);
  o.policy.max_failed_percent = row_opt_double(r, 10).value_or(0);
  o.reason = row_str(r, 11);
  o.created_by = row_str(r, 12);
  o.created_at = row_i64(r, 13);
  o.updated_at = row_i64(r, 14);
  if (o.stage >= o.policy.stages.size()) o.stage = o.policy.stages.size() - 1;
  return o;
}

constexpr const char* kUpdateColumns =
    "u.rollout_id, u.device_id, u.from_version, u.state, u.offered_at, u.done_at, u.last_seen_at";

StoredUpdate read_update(const soci::row& r, std::size_t first = 0) {
  StoredUpdate u;
  u.rollout_id = row_i64(r, first);
  u.device_id = row_str(r, first + 1);
  u.from_version = row_str(r, first + 2);
  u.state = parse_update_state(row_str(r, first + 3)).value_or(UpdateState::offered);
  u.offered_at = row_i64(r, first + 4);
  u.done_at = row_opt_i64(r, first + 5);
  u.last_seen_at = row_opt_i64(r, first + 6);
  return u;
}

std::string state_list(const std::vector<RolloutState>& states) {
  std::string out;
  for (auto s : states) out += std::string(out.empty() ? "'" : ", '") + to_string(s) + "'";
  return out;
}

}  // namespace

FirmwareImage FirmwareStore::add_image(const FirmwareImage& meta, const std::string& bytes) {
  FirmwareImage out = meta;
  std::string data = to_base64(bytes);
  long long size = meta.size, at = meta.created_at, id = 0;
  db_.write([&](soci::session& s) {
    int n = 0;
    s << "SELECT COUNT(*) FROM firmware_images WHERE version = :v", soci::use(meta.version), soci::into(n);
    if (n > 0) throw Conflict("Duplicate version", "An image of version " + meta.version + " is stored already", "version");
    s << "INSERT INTO firmware_images (version, size, sha256, signature, data, notes, uploaded_by, created_at) "
         "VALUES (:v, :n, :h, :g, :d, :o, :u, :c) RETURNING id",
        soci::use(meta.version), soci::use(size), soci::use(meta.sha256), soci::use(meta.signature), soci::use(data),
        soci::use(meta.notes), soci::use(meta.uploaded_by), soci::use(at), soci::into(id);
  });
  out.id = id;
  return out;
}

std::vector<FirmwareImage> FirmwareStore::images() {
  return db_.run([](soci::session& s) {
    std::vector<FirmwareImage> out;
    soci::rowset<soci::row> rs = (s.prepare << std::string("SELECT ") + kImageColumns + " FROM firmware_images ORDER BY id DESC");
    for (const auto& r : rs) out.push_back(read_image(r));
    return out;
  });
}

std::optional<FirmwareImage> FirmwareStore::image(const std::string& version) {
  return db_.run([&](soci::session& s) -> std::optional<FirmwareImage> {
    soci::rowset<soci::row> rs =
        (s.prepare << std::string("SELECT ") + kImageColumns + " FROM firmware_images WHERE version = :v", soci::use(version));
    for (const auto& r : rs) return read_image(r);
    return std::nullopt;
  });
}

std::optional<std::string> FirmwareStore::image_bytes(const std::string& version) {
  auto text = db_.run([&](soci::session& s) -> std::optional<std::string> {
    soci::rowset<soci::row> rs = (s.prepare << "SELECT data FROM firmware_images WHERE version = :v", soci::use(version));
    for (const auto& r : rs) return row_str(r, 0);
    return std::nullopt;
  });
  if (!text) return std::nullopt;
  return from_base64(*text);
}

void FirmwareStore::remove_image(const std::string& version) {
  db_.write([&](soci::session& s) {
    int n = 0;
    s << "SELECT COUNT(*) FROM firmware_images WHERE version = :v", soci::use(version), soci::into(n);
    if (n == 0) throw NotFound("No image of version " + version);
    int active = 0;
    s << "SELECT COUNT(*) FROM firmware_rollouts WHERE version = :v AND state IN ('running', 'paused')",
        soci::use(version), soci::into(active);
    if (active > 0)
      throw Conflict("Image in use", "A running or paused rollout offers " + version + ": abort it first", "version");
    s << "DELETE FROM firmware_updates WHERE rollout_id IN (SELECT id FROM firmware_rollouts WHERE version = :v)",
        soci::use(version);
    s << "DELETE FROM firmware_rollouts WHERE version = :v", soci::use(version);
    s << "DELETE FROM firmware_images WHERE version = :v", soci::use(version);
  });
}

Rollout FirmwareStore::add_rollout(const Rollout& r) {
  Rollout out = r;
  std::string scope = to_string(r.scope), stages = stages_text(r.policy.stages), state = to_string(r.state);
  long long stage = static_cast<long long>(r.stage), started = r.stage_started_at, soak = r.policy.soak_s,
            window = r.policy.window_s, at = r.created_at, id = 0;
  double pct = r.policy.max_failed_percent;
  db_.write([&](soci::session& s) {
    s << "INSERT INTO firmware_rollouts (version, scope, target, stages, stage, state, stage_started_at, soak_s, "
         "window_s, max_failed_percent, reason, created_by, created_at, updated_at) "
         "VALUES (:v, :sc, :t, :st, :g, :s, :ss, :so, :w, :p, :r, :b, :c, :u) RETURNING id",
        soci::use(r.version), soci::use(scope), soci::use(r.target), soci::use(stages), soci::use(stage), soci::use(state),
        soci::use(started), soci::use(soak), soci::use(window), soci::use(pct), soci::use(r.reason), soci::use(r.created_by),
        soci::use(at), soci::use(at), soci::into(id);
  });
  out.id = id;
  out.updated_at = r.created_at;
  return out;
}

std::vector<Rollout> FirmwareStore::rollouts() {
  return db_.run([](soci::session& s) {
    std::vector<Rollout> out;
    soci::rowset<soci::row> rs =
        (s.prepare << std::string("SELECT ") + kRolloutColumns + " FROM firmware_rollouts ORDER BY id DESC");
    for (const auto& r : rs) out.push_back(read_rollout(r));
    return out;
  });
}

std::optional<Rollout> FirmwareStore::rollout(std::int64_t id) {
  long long key = id;
  return db_.run([&](soci::session& s) -> std::optional<Rollout> {
    soci::rowset<soci::row> rs =
        (s.prepare << std::string("SELECT ") + kRolloutColumns + " FROM firmware_rollouts WHERE id = :id", soci::use(key));
    for (const auto& r : rs) return read_rollout(r);
    return std::nullopt;
  });
}

bool FirmwareStore::set_state(std::int64_t id, const std::vector<RolloutState>& from, RolloutState to,
                              const std::string& reason, std::int64_t now) {
  long long key = id, at = now;
  std::string state = to_string(to);
  int restarts_stage = to == RolloutState::running;  // a rollout set running begins its stage's soak again
  return db_.write([&](soci::session& s) {
    soci::statement st = (s.prepare << "UPDATE firmware_rollouts SET state = :s, reason = :r, updated_at = :a, "
                                       "stage_started_at = CASE WHEN :run = 1 THEN :a2 ELSE stage_started_at END "
                                       "WHERE id = :id AND state IN (" + state_list(from) + ")",
                          soci::use(state), soci::use(reason), soci::use(at), soci::use(restarts_stage), soci::use(at),
                          soci::use(key));
    st.execute(true);
    return st.get_affected_rows() > 0;
  });
}

bool FirmwareStore::advance(std::int64_t id, std::size_t from_stage, std::int64_t now) {
  long long key = id, at = now, stage = static_cast<long long>(from_stage);
  return db_.write([&](soci::session& s) {
    soci::statement st = (s.prepare << "UPDATE firmware_rollouts SET stage = stage + 1, stage_started_at = :a, "
                                       "updated_at = :a2 WHERE id = :id AND stage = :g AND state = 'running'",
                          soci::use(at), soci::use(at), soci::use(key), soci::use(stage));
    st.execute(true);
    return st.get_affected_rows() > 0;
  });
}

std::vector<TargetDevice> FirmwareStore::targets(RolloutScope scope, const std::string& target) {
  return db_.run([&](soci::session& s) {
    std::vector<TargetDevice> out;
    auto read = [&out](soci::rowset<soci::row>& rs) {
      for (const auto& r : rs) out.push_back({row_str(r, 0), row_str(r, 1)});
    };
    if (scope == RolloutScope::device) {
      soci::rowset<soci::row> rs = (s.prepare << "SELECT device_id, firmware_version FROM esp_devices "
                                                 "WHERE device_id = :d AND is_active = 1",
                                    soci::use(target));
      read(rs);
    } else if (scope == RolloutScope::building) {
      long long building = std::stoll(target);
      soci::rowset<soci::row> rs = (s.prepare << "SELECT d.device_id, d.firmware_version FROM esp_devices d "
                                                 "JOIN classrooms c ON c.esp_device_id = d.device_id "
                                                 "WHERE c.building_id = :b AND d.is_active = 1",
                                    soci::use(building));
      read(rs);
    } else {
      soci::rowset<soci::row> rs =
          (s.prepare << "SELECT device_id, firmware_version FROM esp_devices WHERE is_active = 1");
      read(rs);
    }
    return out;
  });
}

bool FirmwareStore::device_exists(const std::string& device_id) {
  return db_.run([&](soci::session& s) {
    int n = 0;
    s << "SELECT COUNT(*) FROM esp_devices WHERE device_id = :d", soci::use(device_id), soci::into(n);
    return n > 0;
  });
}

bool FirmwareStore::building_exists(std::int64_t id) {
  long long key = id;
  return db_.run([&](soci::session& s) {
    int n = 0;
    s << "SELECT COUNT(*) FROM buildings WHERE id = :id", soci::use(key), soci::into(n);
    return n > 0;
  });
}

std::vector<StoredUpdate> FirmwareStore::updates(std::int64_t rollout_id) {
  long long key = rollout_id;
  return db_.run([&](soci::session& s) {
    std::vector<StoredUpdate> out;
    soci::rowset<soci::row> rs =
        (s.prepare << std::string("SELECT ") + kUpdateColumns + " FROM firmware_updates u WHERE u.rollout_id = :r",
         soci::use(key));
    for (const auto& r : rs) out.push_back(read_update(r));
    return out;
  });
}

std::vector<StoredUpdate> FirmwareStore::device_updates(const std::string& device) {
  return db_.run([&](soci::session& s) {
    std::vector<StoredUpdate> out;
    soci::rowset<soci::row> rs =
        (s.prepare << std::string("SELECT ") + kUpdateColumns +
                          " FROM firmware_updates u JOIN firmware_rollouts r ON r.id = u.rollout_id "
                          "WHERE u.device_id = :d AND r.state <> 'aborted' ORDER BY u.rollout_id",
         soci::use(device));
    for (const auto& r : rs) out.push_back(read_update(r));
    return out;
  });
}

void FirmwareStore::record_offers(const std::vector<Offered>& offers) {
  if (offers.empty()) return;
  db_.write([&](soci::session& s) {
    long long key = 0, when = 0;
    std::string device, from;
    soci::statement st = (s.prepare << "INSERT INTO firmware_updates (rollout_id, device_id, from_version, state, offered_at) "
                                       "VALUES (:r, :d, :f, 'offered', :a) ON CONFLICT (rollout_id, device_id) DO NOTHING",
                          soci::use(key), soci::use(device), soci::use(from), soci::use(when));
    for (const auto& o : offers) {
      key = o.rollout_id;
      device = o.device;
      from = o.from_version;
      when = o.at;
      st.execute(true);
    }
  });
}

void FirmwareStore::record_already_updated(std::int64_t rollout_id, const std::string& device, std::int64_t at) {
  long long key = rollout_id, when = at;
  db_.write([&](soci::session& s) {
    s << "INSERT INTO firmware_updates (rollout_id, device_id, from_version, state, offered_at, done_at, last_seen_at) "
         "VALUES (:r, :d, '', 'updated', :a, :a2, :a3) ON CONFLICT (rollout_id, device_id) DO NOTHING",
        soci::use(key), soci::use(device), soci::use(when), soci::use(when), soci::use(when);
  });
}

void FirmwareStore::set_update(std::int64_t rollout_id, const std::string& device, UpdateState state, std::int64_t at) {
  long long key = rollout_id, when = at;
  std::string text = to_string(state);
  db_.write([&](soci::session& s) {
    s << "UPDATE firmware_updates SET state = :s, done_at = :a, last_seen_at = :a2 WHERE rollout_id = :r AND device_id = :d",
        soci::use(text), soci::use(when), soci::use(when), soci::use(key), soci::use(device);
  });
}

void FirmwareStore::touch(const std::vector<Contact>& contacts) {
  if (contacts.empty()) return;
  db_.write([&](soci::session& s) {
    long long key = 0, when = 0;
    std::string device;
    soci::statement st = (s.prepare << "UPDATE firmware_updates SET last_seen_at = :a WHERE rollout_id = :r AND "
                                       "device_id = :d AND state = 'updated' AND (last_seen_at IS NULL OR last_seen_at < :a2)",
                          soci::use(when), soci::use(key), soci::use(device), soci::use(when));
    for (const auto& c : contacts) {
      key = c.rollout_id;
      device = c.device;
      when = c.at;
      st.execute(true);
    }
  });
}

std::vector<DeviceFirmware> FirmwareStore::devices() {
  return db_.run([](soci::session& s) {
    std::vector<DeviceFirmware> out;
    // Each device with the update of its newest rollout, if it was ever offered one.
    soci::rowset<soci::row> rs =
        (s.prepare << std::string("SELECT d.device_id, d.name, d.firmware_version, d.last_seen, ") + kUpdateColumns +
                          ", r.version FROM esp_devices d "
                          "LEFT JOIN firmware_updates u ON u.device_id = d.device_id AND u.rollout_id = "
                          "(SELECT MAX(rollout_id) FROM firmware_updates WHERE device_id = d.device_id) "
                          "LEFT JOIN firmware_rollouts r ON r.id = u.rollout_id "
                          "WHERE d.is_active = 1 ORDER BY d.device_id");
    for (const auto& r : rs) {
      DeviceFirmware d;
      d.device_id = row_str(r, 0);
      d.name = row_str(r, 1);
      d.firmware_version = row_str(r, 2);
      d.last_seen = row_opt_i64(r, 3);
      if (row_opt_i64(r, 4)) {
        d.update = read_update(r, 4);
        d.update_version = row_str(r, 11);
      }
      out.push_back(std::move(d));
    }
    return out;
  });
}

}  // namespace classroom
