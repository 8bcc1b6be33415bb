#pragma once
// Each test gets a fresh database (SQLite file or PostgreSQL database), an admin
// and a staff account, and its own classroomd process on a free port.
#include "harness.hpp"

#include <gtest/gtest.h>

namespace ts = testing_support;
namespace json = boost::json;

class ApiTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    db_ = ts::fresh_db(backend());
    ts::add_user(db_, "admin", ts::kAdminPassword, "admin");
    ts::add_user(db_, "staff", ts::kStaffPassword, "staff");
    start_server();
    admin_ = ts::login(port(), "admin", ts::kAdminPassword);
    staff_ = ts::login(port(), "staff", ts::kStaffPassword);
  }
  void TearDown() override {
    if (HasFailure() && server_) std::cerr << "--- classroomd log ---\n" << server_->log() << "\n";
  }
  virtual std::vector<std::string> server_args() { return {}; }
  // "sqlite" or "postgresql"; a suite with more in its parameter names it here.
  virtual std::string backend() const { return GetParam(); }
  void start_server() { server_ = std::make_unique<ts::Server>(db_, server_args()); }
  void restart_server() {
    server_.reset();
    start_server();
  }
  int port() const { return server_->port(); }

  ts::HttpResult get(const std::string& path, const std::string& token = "") {
    return ts::http_json(port(), "GET", path, nullptr, token);
  }
  ts::HttpResult post(const std::string& path, const json::value& body, const std::string& token = "") {
    return ts::http_json(port(), "POST", path, body, token);
  }
  ts::HttpResult put(const std::string& path, const json::value& body, const std::string& token = "") {
    return ts::http_json(port(), "PUT", path, body, token);
  }
  ts::HttpResult del(const std::string& path, const std::string& token = "") {
    return ts::http_json(port(), "DELETE", path, nullptr, token);
  }
  std::size_t count(const std::string& path) {
    auto r = get(path, admin_);
    EXPECT_EQ(r.status, 200) << r.body;
    auto v = r.json();
    if (v.is_object() && v.as_object().contains("items")) return v.at("items").as_array().size();
    return v.is_array() ? v.as_array().size() : 0;
  }
  // A room with a registered, linked node; returns {classroom id, device id, api key}.
  struct Node {
    std::int64_t classroom_id;
    std::string device_id, api_key;
  };
  Node make_node(const std::string& room, const std::string& device_id) {
    auto d = post("/api/admin/devices", json::object{{"device_id", device_id}, {"name", device_id}}, admin_);
    EXPECT_EQ(d.status, 201) << d.body;
    auto c = post("/api/admin/classrooms",
                  json::object{{"name", room}, {"location", "Main"}, {"capacity", 30}, {"esp_device_id", device_id}},
                  admin_);
    EXPECT_EQ(c.status, 201) << c.body;
    return {c.json().at("id").as_int64(), device_id, std::string(d.json().at("api_key").as_string())};
  }

  std::string db_;
  std::unique_ptr<ts::Server> server_;
  std::string admin_, staff_;
};

#define CLASSROOM_BACKENDS ::testing::Values(std::string("sqlite"), std::string("postgresql"))
#define CLASSROOM_INSTANTIATE(Suite) \
  INSTANTIATE_TEST_SUITE_P(Db, Suite, CLASSROOM_BACKENDS, [](const auto& info) { return info.param; })
