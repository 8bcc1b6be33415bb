#include "app/demo.hpp"

#include "app/demo_history.hpp"
#include "domain/opening_hours.hpp"
#include "domain/time.hpp"
#include "storage/history_import.hpp"
#include "storage/node_writes.hpp"

#include "auth/password.hpp"
#include "auth/secrets.hpp"
#include "util/clock.hpp"
#include "storage/buildings.hpp"
#include "storage/classrooms.hpp"
#include "storage/room_attributes.hpp"
#include "storage/terms.hpp"
#include "storage/db.hpp"
#include "storage/devices.hpp"
#include "storage/users.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <array>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sys/stat.h>

namespace classroom {

namespace fs = std::filesystem;

namespace {

void write_secret_file(const fs::path& path, const std::string& text) {
  {
    std::ofstream out(path, std::ios::trunc);
    out << text;
  }
  ::chmod(path.c_str(), 0600);
}

std::string make_user(UserStore& users, const fs::path& var, const std::string& name, Role role) {
  std::string password = random_token(12);
  User u;
  u.username = name;
  u.email = name + "@campus.example";
  u.role = role;
  u.password_hash = hash_password(password);
  users.create(u, unix_now());
  write_secret_file(var / (name + "-password"), password + "\n");
  return password;
}

}  // namespace

namespace {

struct DemoBuilding {
  const char* name;
  const char* code;
  const char* hours;
};
constexpr std::array<DemoBuilding, 3> kBuildings{{
    {"Main Building", "MB", "Mo-Fr 08:00-20:00; Sa 09:00-13:00"},
    {"Science Wing", "SW", "Mo-Fr 07:30-21:00"},
    {"Library Annex", "LA", "Mo-Fr 08:00-22:00; Sa-Su 10:00-18:00"},
}};

struct DemoAttribute {
  const char* key;
  const char* label;
};
constexpr std::array<DemoAttribute, 6> kAttributes{{
    {"projector", "Projector"},
    {"whiteboard", "Whiteboard"},
    {"video-conferencing", "Video conferencing"},
    {"lab-benches", "Lab benches"},
    {"hearing-loop", "Hearing loop"},
    {"step-free", "Step-free access"},
}};

// What the n-th room has: projectors almost everywhere, lab benches in the science
// wing, hearing loops in the big halls, step-free access on the ground floor and
// wherever there is a lift (the annex).
std::vector<std::string> demo_attributes(int i, std::size_t site, int floor, int capacity) {
  std::vector<std::string> out;
  auto add = [&](bool has, const char* key) {
    if (has) out.emplace_back(key);
  };
  add(i % 5 != 3, "projector");
  add(i % 3 != 0, "whiteboard");
  add(i % 7 == 2 || capacity >= 150, "video-conferencing");
  add(site == 1 && i % 2 == 0, "lab-benches");
  add(capacity >= 70 || i % 8 == 5, "hearing-loop");
  add(floor == 0 || site == 2, "step-free");
  return out;
}

// The term the demo campus is in: it began when its history did and runs nine weeks on,
// with a reading week three weeks ahead (so the Terms page and the closed-day rule show).
Term demo_term(std::int64_t now, const date::time_zone* zone, int history_weeks) {
  date::sys_days today{local_date(now, zone)};
  auto monday = today - (date::weekday{today} - date::Monday);
  auto at = [&](int weeks, int days) { return date::year_month_day{monday + date::days{7 * weeks + days}}; };
  return {0, "Current term", at(-std::max(history_weeks, 1), 0), at(9, 4), {{"Reading week", at(3, 0), at(3, 4)}}};
}

// How much each room is wanted: busy lecture halls, ordinary rooms, a room nobody
// wants, and one whose bookings are mostly ghosts.
void personality(DemoRoom& r, int i) {
  switch (i % 10) {
    case 0: case 4: r.popularity = 0.75; break;
    case 7: r.popularity = 0.05, r.walk_in_rate = 0.02; break;
    case 9: r.popularity = 0.5, r.ghost_rate = 0.6; break;
    default: r.popularity = 0.35 + 0.05 * (i % 4);
  }
  r.metered = i % 5 == 1;
}

}  // namespace

int seed_demo(const Config& cfg, const DemoOptions& opts) {
  auto started = std::chrono::steady_clock::now();
  fs::path var = cfg.var_dir;
  fs::create_directories(var);
  Db db(cfg.db, 1);
  db.migrate();
  UserStore users(db);
  ClassroomStore rooms(db);
  BuildingStore buildings(db);
  DeviceStore devices(db);
  RoomAttributeStore attributes(db);
  if (!rooms.list(false).empty()) {
    std::cout << "demo campus already present; logins: admin / " << (var / "admin-password").string() << "\n";
    return 0;
  }
  Clock clock(cfg.clock_offset_s);
  auto now = clock.now();
  auto zone = find_zone(cfg.timezone);
  auto admin_password = make_user(users, var, "admin", Role::admin);
  make_user(users, var, "staff", Role::staff);
  DemoHistoryOptions history;
  history.weeks = opts.history_weeks;
  history.raw_days = opts.raw_days;
  history.lecturers.push_back(users.find_by_username("staff")->id);

  std::vector<std::pair<std::int64_t, OpeningHours>> sites;
  for (const auto& b : kBuildings) {
    auto hours = parse_opening_hours(b.hours).value;
    auto existing = buildings.list();
    Building row{0, b.name, b.code, "", to_string(hours), 0};
    auto made = existing.size() == 1 && existing[0].rooms == 0 && sites.empty()
                    ? buildings.update(existing[0].id, {b.name, b.code, std::string(), to_string(hours)}, now)
                    : buildings.create(row, now);
    sites.emplace_back(made.id, hours);
  }

  if (attributes.list().empty())
    for (const auto& a : kAttributes) attributes.create({0, a.key, a.label, {}}, now);
  TermStore terms(db);
  if (terms.list().empty()) terms.create(demo_term(now, zone, history.weeks), now);

  boost::json::array fleet;
  std::vector<DemoRoom> plan;
  for (int i = 1; i <= opts.rooms; ++i) {
    auto device_id = fmt::format("node-{:03}", i);
    auto key = "ck_" + random_token(32);
    Device d;
    d.device_id = device_id;
    d.name = fmt::format("Node {:03}", i);
    d.api_key_hash = sha256_hex(key);
    devices.create(d, now);
    const auto& site = sites[(i - 1) % sites.size()];
    Classroom c;
    c.name = fmt::format("{} {:03}", kBuildings[(i - 1) % kBuildings.size()].code, 100 + i);
    int floor = (i - 1) / 9;
    c.location = fmt::format("{}, floor {}", kBuildings[(i - 1) % kBuildings.size()].name, floor);
    c.floor = floor == 0 ? "Ground" : std::to_string(floor);
    c.building_id = site.first;
    c.capacity = 20 + 10 * (i % 6) + (i % 10 == 0 ? 150 : 0);
    c.attributes = demo_attributes(i, (i - 1) % sites.size(), floor, c.capacity);
    c.settings.rated_load_w = 800 + 200 * (i % 8);
    c.esp_device_id = device_id;
    auto room = rooms.create(c, now);
    fleet.push_back({{"device_id", device_id}, {"api_key", key}, {"classroom_id", room.id},
                     {"classroom_name", room.name}});
    DemoRoom r{room.id, device_id, c.capacity, c.settings.rated_load_w, site.second};
    personality(r, i);
    plan.push_back(r);
  }
  write_secret_file(var / "demo-devices.json", boost::json::serialize(fleet));

  std::string lived;
  if (history.weeks > 0) {
    auto h = demo_history(plan, now, zone, history);
    NodeWriteStore writes(db);
    constexpr std::size_t kBatch = 2000;
    for (std::size_t at = 0; at < h.writes.size(); at += kBatch) {
      std::vector<NodeWrite> batch(h.writes.begin() + at, h.writes.begin() + std::min(h.writes.size(), at + kBatch));
      writes.write_batch(batch);
    }
    HistoryImport import(db);
    import.add_hours(h.hours);
    import.add_bookings(h.bookings);
    lived = fmt::format(", {} weeks of history ({} reports, {} hourly roll-ups, {} bookings)", history.weeks,
                        h.writes.size(), h.hours.size(), h.bookings.size());
  }
  auto took = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cout << fmt::format("demo campus: {} rooms in {} buildings with nodes{}, seeded in {:.1f} s; credentials in {}/\n",
                           opts.rooms, sites.size(), lived, took, var.string())
            << "admin login: admin / " << admin_password << "\n";
  return 0;
}

}  // namespace classroom
