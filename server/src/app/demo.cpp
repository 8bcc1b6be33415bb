#include "app/demo.hpp"

#include "auth/password.hpp"
#include "auth/secrets.hpp"
#include "util/clock.hpp"
#include "storage/classrooms.hpp"
#include "storage/db.hpp"
#include "storage/devices.hpp"
#include "storage/users.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

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

int seed_demo(const Config& cfg, const DemoOptions& opts) {
  fs::path var = cfg.var_dir;
  fs::create_directories(var);
  Db db(cfg.db, 1);
  db.migrate();
  UserStore users(db);
  ClassroomStore rooms(db);
  DeviceStore devices(db);
  if (!rooms.list(false).empty()) {
    std::cout << "demo campus already present; logins: admin / " << (var / "admin-password").string() << "\n";
    return 0;
  }
  auto admin_password = make_user(users, var, "admin", Role::admin);
  make_user(users, var, "staff", Role::staff);

  static const char* buildings[] = {"Main Building", "Science Wing", "Library Annex"};
  boost::json::array fleet;
  for (int i = 1; i <= opts.rooms; ++i) {
    auto device_id = fmt::format("node-{:03}", i);
    auto key = "ck_" + random_token(32);
    Device d;
    d.device_id = device_id;
    d.name = fmt::format("Node {:03}", i);
    d.api_key_hash = sha256_hex(key);
    devices.create(d, unix_now());
    Classroom c;
    c.name = fmt::format("Room {}{:02}", char('A' + (i - 1) % 3), 100 + i);
    c.location = buildings[(i - 1) % 3];
    c.capacity = 20 + 10 * (i % 6);
    c.esp_device_id = device_id;
    auto room = rooms.create(c, unix_now());
    fleet.push_back({{"device_id", device_id}, {"api_key", key}, {"classroom_id", room.id},
                     {"classroom_name", room.name}});
  }
  write_secret_file(var / "demo-devices.json", boost::json::serialize(fleet));
  std::cout << "demo campus: " << opts.rooms << " rooms with nodes; credentials in " << var.string() << "/\n"
            << "admin login: admin / " << admin_password << "\n";
  return 0;
}

}  // namespace classroom
