#include "fixture.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

namespace {

using Clock = std::chrono::steady_clock;

std::vector<ts::Header> node_headers(const std::string& id, const std::string& key) {
  return {{"X-Device-ID", id}, {"X-API-Key", key}};
}

// The body the first firmware sends, byte for byte in its field names.
json::object first_firmware_report(const std::string& id, bool occupied, bool power, int last_movement) {
  return {{"device_id", id}, {"is_occupied", occupied}, {"is_power_on", power}, {"last_movement", last_movement},
          {"temperature", 22.5}, {"timestamp", 1700000000}};
}

// A dashboard that upgrades, reads its hello and then never reads, with a tiny receive window: what the
// server sends it piles up. Returns the socket (closed by the caller), or -1.
int stalled_dashboard(int port, const std::string& token) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  int small = 2048;
  setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) return close(fd), -1;
  std::string upgrade = "GET /api/ws?token=" + token + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                        "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                        "Sec-WebSocket-Version: 13\r\n\r\n";
  if (send(fd, upgrade.data(), upgrade.size(), 0) != static_cast<ssize_t>(upgrade.size())) return close(fd), -1;
  std::string head;
  char c;
  while (!head.ends_with("\r\n\r\n") && recv(fd, &c, 1, 0) == 1) head += c;
  if (!head.starts_with("HTTP/1.1 101")) return close(fd), -1;
  // The server subscribes the dashboard after its 101 is written and only then sends the
  // hello: read that one frame (short, unmasked text), so the dashboard is counted.
  unsigned char frame[2];
  if (recv(fd, frame, 2, MSG_WAITALL) != 2 || (frame[1] & 0x7f) >= 126) return close(fd), -1;
  std::string hello(frame[1] & 0x7f, '\0');
  if (recv(fd, hello.data(), hello.size(), MSG_WAITALL) != static_cast<ssize_t>(hello.size()) ||
      hello.find("\"hello\"") == std::string::npos)
    return close(fd), -1;
  return fd;
}

}  // namespace

class DeviceTest : public ApiTest {
 protected:
  ts::HttpResult node_post(const Node& n, const std::string& path, const json::value& body) {
    return ts::http(port(), "POST", path, json::serialize(body), node_headers(n.device_id, n.api_key));
  }
  std::size_t status_log_count(std::int64_t room) {
    auto r = get("/api/admin/classrooms/" + std::to_string(room) + "/status-logs", admin_);
    EXPECT_EQ(r.status, 200) << r.body;
    return static_cast<std::size_t>(r.json().at("total").as_int64());
  }
};
CLASSROOM_INSTANTIATE(DeviceTest);

TEST_P(DeviceTest, FirstFirmwareReportOfAnIdleUnbookedRoomSwitchesItOff) {
  auto n = make_node("A101", "node-1");
  auto r = node_post(n, "/api/esp/status", first_firmware_report("node-1", false, true, 600));
  ASSERT_EQ(r.status, 200) << r.body;
  auto v = r.json().as_object();
  EXPECT_TRUE(v.at("message").is_string());
  EXPECT_EQ(v.at("is_booked").as_bool(), false);
  EXPECT_EQ(v.at("power_on").as_bool(), false);
  EXPECT_EQ(v.at("reason").as_string(), "idle_timeout");
  EXPECT_TRUE(v.at("server_time").is_string());
  EXPECT_GT(v.at("next_report_s").as_int64(), 0);

  auto busy = node_post(n, "/api/esp/status", first_firmware_report("node-1", true, true, 0));
  EXPECT_EQ(busy.json().at("power_on").as_bool(), true);
  EXPECT_EQ(busy.json().at("reason").as_string(), "occupied");

  auto rooms = get("/api/admin/classrooms", admin_).json().as_array();
  auto& status = rooms[0].at("status").as_object();
  EXPECT_EQ(status.at("is_occupied").as_bool(), true);
  EXPECT_EQ(status.at("temperature").as_double(), 22.5);
  EXPECT_FALSE(status.at("last_updated").is_null());
  EXPECT_EQ(status_log_count(n.classroom_id), 2u);
  auto devices = get("/api/admin/devices/status", admin_).json().as_array();
  EXPECT_EQ(devices[0].at("is_connected").as_bool(), true);
  EXPECT_FALSE(devices[0].at("last_seen").is_null());
}

TEST_P(DeviceTest, HeartbeatAndPowerLogAnswerAsTheFirstVersionDid) {
  auto n = make_node("A101", "node-1");
  auto hb = node_post(n, "/api/esp/heartbeat", json::object{{"firmware_version", "1.4.2"}});
  ASSERT_EQ(hb.status, 200) << hb.body;
  EXPECT_TRUE(hb.json().at("server_time").is_string());
  EXPECT_EQ(ts::http(port(), "POST", "/api/esp/heartbeat", "{}", node_headers(n.device_id, n.api_key)).status, 200);
  auto pl = node_post(n, "/api/esp/power-log", json::object{{"power_on", false}, {"reason", "auto_control"}, {"timestamp", 1700000100}});
  ASSERT_EQ(pl.status, 200) << pl.body;
  EXPECT_TRUE(pl.json().at("message").is_string());
  auto devices = get("/api/admin/devices", admin_).json().as_array();
  EXPECT_EQ(devices[0].at("firmware_version").as_string(), "1.4.2");
  auto logs = get("/api/admin/devices/node-1/power-logs", admin_).json();
  ASSERT_EQ(logs.at("total").as_int64(), 1);
  EXPECT_EQ(logs.at("items").as_array()[0].at("reason").as_string(), "auto_control");
}

TEST_P(DeviceTest, BadCredentialsAre401AndWriteNothing) {
  auto n = make_node("A101", "node-1");
  auto body = json::serialize(first_firmware_report("node-1", true, true, 0));
  EXPECT_EQ(ts::http(port(), "POST", "/api/esp/status", body).status, 401);
  EXPECT_EQ(ts::http(port(), "POST", "/api/esp/status", body, node_headers("node-1", "wrong-key")).status, 401);
  EXPECT_EQ(ts::http(port(), "POST", "/api/esp/status", body, node_headers("ghost", n.api_key)).status, 401);
  EXPECT_EQ(ts::http(port(), "POST", "/api/esp/status", body, {{"X-Device-ID", "node-1"}}).status, 401);
  EXPECT_EQ(ts::http(port(), "POST", "/api/esp/heartbeat", "{}", node_headers("node-1", "")).status, 401);
  EXPECT_EQ(status_log_count(n.classroom_id), 0u);
}

TEST_P(DeviceTest, RotatedKeyAndDeactivatedDeviceStopWorkingAtOnce) {
  auto n = make_node("A101", "node-1");
  ASSERT_EQ(node_post(n, "/api/esp/heartbeat", json::object{}).status, 200);
  auto rotated = post("/api/admin/devices/node-1/rotate-key", nullptr, admin_);
  ASSERT_EQ(rotated.status, 200);
  EXPECT_EQ(node_post(n, "/api/esp/heartbeat", json::object{}).status, 401);
  Node renewed = n;
  renewed.api_key = std::string(rotated.json().at("api_key").as_string());
  EXPECT_EQ(node_post(renewed, "/api/esp/heartbeat", json::object{}).status, 200);
  ASSERT_EQ(put("/api/admin/devices/node-1", json::object{{"is_active", false}}, admin_).status, 200);
  EXPECT_EQ(node_post(renewed, "/api/esp/heartbeat", json::object{}).status, 401);
}

TEST_P(DeviceTest, MalformedReportsAre400NamingTheFieldAndWriteNothing) {
  auto n = make_node("A101", "node-1");
  struct Case {
    json::object body;
    const char* field;
  };
  std::vector<Case> cases = {
      {{{"is_power_on", true}}, "is_occupied"},
      {{{"is_occupied", "yes"}, {"is_power_on", true}}, "is_occupied"},
      {{{"is_occupied", true}, {"is_power_on", 1}}, "is_power_on"},
      {{{"is_occupied", true}, {"is_power_on", true}, {"last_movement", -5}}, "last_movement"},
      {{{"is_occupied", true}, {"is_power_on", true}, {"last_movement", "10"}}, "last_movement"},
      {{{"is_occupied", true}, {"is_power_on", true}, {"temperature", 900}}, "temperature"},
      {{{"is_occupied", true}, {"is_power_on", true}, {"temperature", "warm"}}, "temperature"},
      {{{"device_id", "node-2"}, {"is_occupied", true}, {"is_power_on", true}}, "device_id"},
  };
  for (const auto& c : cases) {
    auto r = node_post(n, "/api/esp/status", c.body);
    EXPECT_EQ(r.status, 400) << json::serialize(c.body);
    EXPECT_EQ(r.json().at("field").as_string(), c.field) << r.body;
  }
  auto broken = ts::http(port(), "POST", "/api/esp/status", "{not json", node_headers(n.device_id, n.api_key));
  EXPECT_EQ(broken.status, 400);
  // Unknown fields are ignored.
  auto extra = first_firmware_report("node-1", true, true, 0);
  extra["rssi"] = -60;
  EXPECT_EQ(node_post(n, "/api/esp/status", extra).status, 200);
  EXPECT_EQ(status_log_count(n.classroom_id), 1u);
}

TEST_P(DeviceTest, ManualCommandReachesLongPollingNodeWithinASecondAndShowsPendingThenApplied) {
  auto n = make_node("A101", "node-1");
  ts::WsClient ws(port(), "/api/ws?token=" + admin_);
  ASSERT_TRUE(ws.wait_for("hello", std::chrono::seconds(2)));

  ts::HttpResult polled;
  Clock::time_point answered;
  std::thread node([&] {
    polled = ts::http(port(), "GET", "/api/esp/commands?wait=20", "", node_headers(n.device_id, n.api_key));
    answered = Clock::now();
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  auto sent = Clock::now();
  auto cmd = post("/api/admin/power/" + std::to_string(n.classroom_id), json::object{{"power_on", false}}, admin_);
  node.join();
  ASSERT_EQ(cmd.status, 200) << cmd.body;
  EXPECT_EQ(cmd.json().at("device_id").as_string(), "node-1");
  EXPECT_EQ(cmd.json().at("power_on").as_bool(), false);
  EXPECT_EQ(cmd.json().at("command").at("state").as_string(), "pending");
  ASSERT_EQ(polled.status, 200) << polled.body;
  auto commands = polled.json().at("commands").as_array();
  ASSERT_EQ(commands.size(), 1u);
  EXPECT_EQ(commands[0].at("power_on").as_bool(), false);
  // The node is answered by the command, not by the end of its 10 s wait (the ≤ 1 s
  // target itself is measured by bench/, not asserted here).
  EXPECT_LT(answered - sent, std::chrono::seconds(5));
  EXPECT_TRUE(ws.wait_for("\"state\":\"pending\"", std::chrono::seconds(5)));

  // The next report's answer carries the command too.
  auto report = node_post(n, "/api/esp/status", first_firmware_report("node-1", true, true, 0));
  EXPECT_EQ(report.json().at("power_on").as_bool(), false);
  EXPECT_EQ(report.json().at("reason").as_string(), "manual_override");
  EXPECT_TRUE(report.json().as_object().contains("command"));

  auto log = node_post(n, "/api/esp/power-log",
                       json::object{{"power_on", false}, {"reason", "manual"}, {"command_id", commands[0].at("id")}});
  ASSERT_EQ(log.status, 200);
  EXPECT_TRUE(ws.wait_for("\"state\":\"applied\"", std::chrono::seconds(2)));
  auto room = get("/api/admin/classrooms", admin_).json().as_array()[0];
  EXPECT_EQ(room.at("status").at("pending_command").at("state").as_string(), "applied");
  EXPECT_EQ(room.at("status").at("is_power_on").as_bool(), false);
}

TEST_P(DeviceTest, LongPollEndsEmptyWhenNoCommandComes) {
  auto n = make_node("A101", "node-1");
  auto start = Clock::now();
  auto r = ts::http(port(), "GET", "/api/esp/commands?wait=1", "", node_headers(n.device_id, n.api_key));
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(r.json().at("commands").as_array().empty());
  EXPECT_GE(Clock::now() - start, std::chrono::milliseconds(900));
  EXPECT_EQ(ts::http(port(), "GET", "/api/esp/commands?wait=999", "", node_headers(n.device_id, n.api_key)).status, 400);
}

TEST_P(DeviceTest, ShutdownAnswersLongPollingNodesAndTheServerExitsCleanly) {
  auto n = make_node("A101", "node-1");
  ts::HttpResult polled;
  std::thread node([&] {
    polled = ts::http(port(), "GET", "/api/esp/commands?wait=30", "", node_headers(n.device_id, n.api_key));
  });
  for (int i = 0; i < 100 && get("/metrics").body.find("classroom_long_polls 1") == std::string::npos; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  ASSERT_NE(get("/metrics").body.find("classroom_long_polls 1"), std::string::npos) << "the node waits";
  // A waiting node is answered (no command) when shutdown begins, rather than holding the
  // drain to its end and outliving the server.
  EXPECT_EQ(server_->stop(), 0) << "SIGTERM must end the server cleanly with a node long-polling";
  node.join();
  ASSERT_EQ(polled.status, 200) << polled.body;
  EXPECT_TRUE(polled.json().at("commands").as_array().empty());
}

// The room lists are built once per change and served as built between changes; every
// change shows in the very next answer (the clock is the same second throughout).
TEST_P(DeviceTest, TheCachedRoomListsShowEveryChangeAtOnce) {
  auto n = make_node("A101", "node-1");
  auto room = [&](const std::string& path, const std::string& token) {
    auto r = get(path, token);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json().as_array().at(0).as_object();
  };
  auto kept = [&] {
    auto text = get("/metrics").body;
    auto at = text.find("classroom_read_cache_answers_total{route=\"/api/staff/classrooms\",result=\"kept\"} ");
    return at == std::string::npos ? 0L : std::stol(text.substr(text.find('}', at) + 2));
  };
  EXPECT_FALSE(room("/api/staff/classrooms", staff_).at("status").at("is_occupied").as_bool());
  // Three reads in a row served as built (tried again when the clock's second, part of
  // the answer's state, turned in between).
  long before = 0, after = 0;
  for (int attempt = 0; attempt < 3 && (attempt == 0 || after != before + 3); ++attempt) {
    before = kept();
    for (int i = 0; i < 3; ++i) room("/api/staff/classrooms", staff_);
    after = kept();
  }
  EXPECT_EQ(after, before + 3) << "unchanged, the list is served as built";

  ASSERT_EQ(node_post(n, "/api/esp/status", first_firmware_report("node-1", true, true, 0)).status, 200);
  EXPECT_TRUE(room("/api/staff/classrooms", staff_).at("status").at("is_occupied").as_bool()) << "a report";
  ASSERT_EQ(put("/api/admin/classrooms/" + std::to_string(n.classroom_id), json::object{{"name", "A102"}}, admin_).status, 200);
  EXPECT_EQ(room("/api/staff/classrooms", staff_).at("name").as_string(), "A102") << "an edit";
  EXPECT_EQ(room("/api/admin/classrooms", admin_).at("name").as_string(), "A102");
  auto off = post("/api/admin/power/" + std::to_string(n.classroom_id), json::object{{"power_on", false}}, admin_);
  ASSERT_EQ(off.status, 200) << off.body;
  EXPECT_EQ(room("/api/admin/classrooms", admin_).at("status").at("pending_command").at("state").as_string(), "pending")
      << "a command";
  // A change the database took without a request of this server (another tool, another
  // instance before its note arrives) shows within a second: the answer lasts a second.
  ts::sql(db_, "UPDATE classrooms SET capacity = 99 WHERE id = " + std::to_string(n.classroom_id));
  int capacity = 0;
  for (int i = 0; i < 40 && capacity != 99; ++i) {
    capacity = static_cast<int>(room("/api/staff/classrooms", staff_).at("capacity").as_int64());
    if (capacity != 99) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(capacity, 99);
}

// A dashboard that stops reading is closed once its queue is full, and the others keep
// hearing every report.
TEST_P(DeviceTest, AStalledDashboardIsClosedAndTheOthersKeepHearing) {
  auto n = make_node("A101", "node-1");
  int stalled = stalled_dashboard(port(), admin_);
  ASSERT_GE(stalled, 0);
  ts::WsClient live(port(), "/api/ws?token=" + admin_);
  ASSERT_TRUE(live.wait_for("hello", std::chrono::seconds(2)));
  auto clients = [&] {
    auto text = get("/metrics").body;
    auto at = text.find("\nclassroom_websocket_clients ");
    return at == std::string::npos ? -1 : std::stoi(text.substr(at + 29));
  };
  ASSERT_EQ(clients(), 2);
  // Each report flips the room's occupancy, so each is an event for both dashboards.
  int sent = 0;
  for (; sent < 20000 && (sent % 250 != 0 || clients() == 2); ++sent) {
    auto r = node_post(n, "/api/esp/status", first_firmware_report("node-1", sent % 2 == 0, true, 0));
    ASSERT_EQ(r.status, 200) << r.body;
    if (sent % 250 == 0) {
      ASSERT_TRUE(live.wait_for("room_status", std::chrono::seconds(5))) << "after " << sent;
    }
  }
  EXPECT_EQ(clients(), 1) << "the stalled dashboard is still held after " << sent << " events";
  EXPECT_NE(server_->log().find("event=ws_slow_client_closed"), std::string::npos);
  ASSERT_EQ(node_post(n, "/api/esp/status", first_firmware_report("node-1", sent % 2 == 0, true, 0)).status, 200);
  EXPECT_TRUE(live.wait_for("room_status", std::chrono::seconds(5))) << "the reading dashboard still hears";
  close(stalled);
}

TEST_P(DeviceTest, StaffMaySwitchOnlyDuringTheirOwnBooking) {
  auto n = make_node("A101", "node-1");
  auto r = post("/api/staff/power/" + std::to_string(n.classroom_id), json::object{{"power_on", true}}, staff_);
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(post("/api/admin/power/999", json::object{{"power_on", true}}, admin_).status, 404);
  EXPECT_EQ(post("/api/admin/power/" + std::to_string(n.classroom_id), json::object{{"power_on", "off"}}, admin_).status, 400);
  auto bare = post("/api/admin/classrooms", json::object{{"name", "No node"}}, admin_);
  EXPECT_EQ(post("/api/admin/power/" + std::to_string(bare.json().at("id").as_int64()), json::object{{"power_on", true}}, admin_).status, 409);
}

TEST_P(DeviceTest, WebSocketDashboardSeesAReport) {
  auto n = make_node("A101", "node-1");
  EXPECT_THROW(ts::WsClient(port(), "/api/ws"), std::exception);
  EXPECT_THROW(ts::WsClient(port(), "/api/ws?token=forged"), std::exception);
  ts::WsClient ws(port(), "/api/ws?token=" + staff_);
  ASSERT_TRUE(ws.wait_for("hello", std::chrono::seconds(2)));
  ASSERT_EQ(node_post(n, "/api/esp/status", first_firmware_report("node-1", true, true, 0)).status, 200);
  auto event = ws.wait_for("room_status", std::chrono::seconds(5));
  ASSERT_TRUE(event) << "no room_status event";
  EXPECT_NE(event->find("\"is_occupied\":true"), std::string::npos) << *event;
}

TEST_P(DeviceTest, BufferedReportsAreAppliedInOrderAndDuplicatesIgnored) {
  auto n = make_node("A101", "node-1");
  json::array reports;
  for (int seq : {3, 1, 2}) {
    auto r = first_firmware_report("node-1", seq == 3, true, seq == 3 ? 0 : 400);
    r["seq"] = seq;
    reports.push_back(r);
  }
  auto first = node_post(n, "/api/esp/status/batch", json::object{{"reports", reports}});
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.json().at("accepted").as_int64(), 3);
  EXPECT_EQ(first.json().at("last_seq").as_int64(), 3);
  EXPECT_EQ(first.json().at("power_on").as_bool(), true) << "the newest report (occupied) decides";
  auto again = node_post(n, "/api/esp/status/batch", json::object{{"reports", reports}});
  EXPECT_EQ(again.json().at("accepted").as_int64(), 0);
  EXPECT_EQ(again.json().at("duplicates").as_int64(), 3);
  EXPECT_EQ(status_log_count(n.classroom_id), 3u);
  EXPECT_EQ(node_post(n, "/api/esp/status/batch", json::object{{"reports", json::array{}}}).status, 400);
}

TEST_P(DeviceTest, StatsCountRoomsDevicesAndSwitchOffs) {
  auto a = make_node("A101", "node-1");
  auto b = make_node("B202", "node-2");
  make_node("C303", "node-3");
  node_post(a, "/api/esp/status", first_firmware_report("node-1", true, true, 0));
  node_post(b, "/api/esp/status", first_firmware_report("node-2", false, true, 30));
  node_post(b, "/api/esp/power-log", json::object{{"power_on", false}, {"reason", "auto_control"}});
  auto s = get("/api/admin/stats", admin_);
  ASSERT_EQ(s.status, 200) << s.body;
  auto v = s.json();
  EXPECT_EQ(v.at("rooms_total").as_int64(), 3);
  EXPECT_EQ(v.at("rooms_occupied").as_int64(), 1);
  EXPECT_EQ(v.at("rooms_power_on").as_int64(), 1);
  EXPECT_EQ(v.at("devices_online").as_int64(), 2);
  EXPECT_EQ(v.at("devices_offline").as_int64(), 1);
  EXPECT_EQ(v.at("switch_offs_today").as_int64(), 1);
  EXPECT_EQ(get("/api/admin/stats", staff_).status, 403);
}

TEST_P(DeviceTest, LogsArePaginatedAndFilteredByTime) {
  auto n = make_node("A101", "node-1");
  for (int i = 0; i < 5; ++i) node_post(n, "/api/esp/status", first_firmware_report("node-1", i % 2 == 0, true, 0));
  auto page = get("/api/admin/classrooms/" + std::to_string(n.classroom_id) + "/status-logs?per_page=2&page=2", admin_);
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.json().at("total").as_int64(), 5);
  EXPECT_EQ(page.json().at("items").as_array().size(), 2u);
  auto future = get("/api/admin/devices/node-1/status-logs?from=2099-01-01T00:00:00Z", admin_);
  EXPECT_EQ(future.json().at("total").as_int64(), 0);
  EXPECT_EQ(get("/api/admin/devices/node-1/status-logs?from=yesterday", admin_).status, 400);
  EXPECT_EQ(get("/api/admin/classrooms/999/status-logs", admin_).status, 404);
}

// A device's logs are read through the rooms it reported from (device_rooms), not an
// index of their own: they must follow it from room to none to another room, and show
// no other device's reports from those rooms.
TEST_P(DeviceTest, ADevicesLogsFollowItFromRoomToRoomAndShowNoOtherDevice) {
  auto a = make_node("A101", "node-1");
  auto b = make_node("B202", "node-2");
  node_post(a, "/api/esp/status", first_firmware_report("node-1", true, true, 0));
  node_post(a, "/api/esp/status", first_firmware_report("node-1", false, true, 0));
  node_post(b, "/api/esp/status", first_firmware_report("node-2", true, true, 0));
  ASSERT_EQ(del("/api/admin/classrooms/" + std::to_string(a.classroom_id) + "/device", admin_).status, 200);
  ASSERT_EQ(node_post(a, "/api/esp/status", first_firmware_report("node-1", false, false, 0)).status, 200);
  ASSERT_EQ(del("/api/admin/classrooms/" + std::to_string(b.classroom_id) + "/device", admin_).status, 200);
  auto moved = post("/api/admin/classrooms/" + std::to_string(b.classroom_id) + "/device",
                    json::object{{"device_id", "node-1"}}, admin_);
  ASSERT_EQ(moved.status, 200) << moved.body;
  node_post(a, "/api/esp/status", first_firmware_report("node-1", true, false, 0));

  auto rooms_of = [&](const std::string& device, const std::string& query = "") {
    auto r = get("/api/admin/devices/" + device + "/status-logs" + query, admin_);
    EXPECT_EQ(r.status, 200) << r.body;
    auto page = r.json();
    std::vector<std::string> rooms;
    for (const auto& item : page.at("items").as_array()) {
      EXPECT_EQ(item.at("device_id").as_string(), device);
      rooms.push_back(json::serialize(item.at("classroom_id")));
    }
    return std::pair(page.at("total").as_int64(), rooms);
  };
  auto A = std::to_string(a.classroom_id), B = std::to_string(b.classroom_id);
  EXPECT_EQ(rooms_of("node-1"), std::pair(std::int64_t{4}, std::vector<std::string>{B, "null", A, A}));
  EXPECT_EQ(rooms_of("node-1", "?per_page=1&page=2"), std::pair(std::int64_t{4}, std::vector<std::string>{"null"}));
  EXPECT_EQ(rooms_of("node-2"), std::pair(std::int64_t{1}, std::vector<std::string>{B}));
  EXPECT_EQ(rooms_of("node-9"), std::pair(std::int64_t{0}, std::vector<std::string>{}));
  EXPECT_EQ(status_log_count(b.classroom_id), 2u) << "the room's own logs show both devices";
}

class OfflineTest : public ApiTest {
  std::vector<std::string> server_args() override { return {"--offline-after", "10"}; }
};
CLASSROOM_INSTANTIATE(OfflineTest);

TEST_P(OfflineTest, SilentDeviceGoesOfflineAndBackOnlineAtNextContact) {
  auto n = make_node("A101", "node-1");
  ts::WsClient ws(port(), "/api/ws?token=" + admin_);
  auto hb = [&] { return ts::http(port(), "POST", "/api/esp/heartbeat", "{}", node_headers(n.device_id, n.api_key)); };
  ASSERT_EQ(hb().status, 200);
  auto went = ws.wait_for("\"online\":false", std::chrono::seconds(15));
  ASSERT_TRUE(went) << "no offline event";
  auto devices = get("/api/admin/devices/status", admin_).json().as_array();
  EXPECT_EQ(devices[0].at("is_connected").as_bool(), false);
  EXPECT_EQ(get("/api/admin/stats", admin_).json().at("devices_offline").as_int64(), 1);
  ASSERT_EQ(hb().status, 200);
  EXPECT_TRUE(ws.wait_for("\"online\":true", std::chrono::seconds(2)));
  EXPECT_EQ(get("/api/admin/stats", admin_).json().at("devices_online").as_int64(), 1);
}

TEST_P(DeviceTest, RetentionRollsOldStatusLogsIntoHourlyAggregates) {
  auto n = make_node("A101", "node-1");
  for (int i = 0; i < 3; ++i) node_post(n, "/api/esp/status", first_firmware_report("node-1", true, true, 0));
  ASSERT_EQ(status_log_count(n.classroom_id), 3u);
  // The same database, 91 days later.
  server_.reset();
  server_ = std::make_unique<ts::Server>(db_, std::vector<std::string>{"--clock-offset", std::to_string(91 * 86400)});
  std::size_t left = 3;
  for (int i = 0; i < 100 && left > 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    left = std::stoul(ts::sql(db_, "SELECT COUNT(*) FROM status_logs"));
  }
  EXPECT_EQ(left, 0u);
  EXPECT_EQ(ts::sql(db_, "SELECT SUM(reports) FROM status_hourly"), "3");
  auto occupied_s = ts::sql(db_, "SELECT SUM(occupied_s) FROM status_hourly");
  ASSERT_FALSE(occupied_s.empty());
  ASSERT_EQ(occupied_s.find_first_not_of("0123456789"), std::string::npos) << occupied_s;
  EXPECT_GT(std::stoll(occupied_s), 0);
  EXPECT_EQ(ts::sql(db_, "SELECT COUNT(*) FROM room_status"), "1") << "live state is kept";
}

TEST_P(DeviceTest, UtilizationAnalyticsSplitsOccupiedAndPoweredTime) {
  auto n = make_node("A101", "node-1");
  for (int i = 0; i < 3; ++i) node_post(n, "/api/esp/status", first_firmware_report("node-1", true, true, 0));
  auto r = get("/api/admin/analytics/utilization", admin_);
  ASSERT_EQ(r.status, 200) << r.body;
  auto v = r.json().as_object();
  ASSERT_EQ(v.at("rooms").as_array().size(), 1u);
  auto room = v.at("rooms").as_array()[0].as_object();
  EXPECT_EQ(room.at("name").as_string(), "A101");
  EXPECT_GT(room.at("occupied_h").to_number<double>(), 0.0);
  EXPECT_EQ(room.at("power_on_empty_h").to_number<double>(), 0.0);
  EXPECT_EQ(v.at("heatmap").as_array().size(), 7u);
  EXPECT_EQ(v.at("heatmap").as_array()[0].as_array().size(), 24u);
  EXPECT_EQ(get("/api/admin/analytics/utilization?from=2026-13-01", admin_).status, 400);
  EXPECT_EQ(get("/api/admin/analytics/utilization?from=2026-05-02&to=2026-05-01", admin_).status, 400);
  EXPECT_EQ(get("/api/admin/analytics/utilization?from=2020-01-01&to=2026-01-01", admin_).status, 400);
  EXPECT_EQ(get("/api/admin/analytics/utilization", staff_).status, 403);
}

TEST_P(DeviceTest, HeartbeatsKeepTheNodesHealthForTheAdmins) {
  auto n = make_node("A101", "node-1");
  auto hb = node_post(n, "/api/esp/heartbeat",
                      json::object{{"firmware_version", "2.0.0"}, {"rssi", -67}, {"uptime_s", 86400 * 3},
                                   {"reset_reason", "task_wdt"}, {"free_heap", 181234}});
  ASSERT_EQ(hb.status, 200) << hb.body;
  auto health = [&] {
    for (int i = 0; i < 50; ++i) {
      auto d = get("/api/admin/devices/status", admin_).json().as_array()[0].at("health");
      if (!d.at("rssi").is_null()) return d;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return get("/api/admin/devices/status", admin_).json().as_array()[0].at("health");
  };
  auto h = health();
  EXPECT_EQ(h.at("rssi").as_int64(), -67);
  EXPECT_EQ(h.at("uptime_s").as_int64(), 86400 * 3);
  EXPECT_EQ(h.at("reset_reason").as_string(), "task_wdt");
  EXPECT_EQ(h.at("free_heap").as_int64(), 181234);
  EXPECT_FALSE(h.at("at").is_null());
  // A plain heartbeat (the first firmware's) leaves the health as it was.
  ASSERT_EQ(node_post(n, "/api/esp/heartbeat", json::object{}).status, 200);
  EXPECT_EQ(health().at("rssi").as_int64(), -67);
  for (auto bad : {json::object{{"rssi", 5}}, json::object{{"rssi", "strong"}}, json::object{{"uptime_s", -1}},
                   json::object{{"reset_reason", "'; DROP TABLE esp_devices; --"}}, json::object{{"free_heap", 1.5}}}) {
    auto r = node_post(n, "/api/esp/heartbeat", bad);
    EXPECT_EQ(r.status, 400) << json::serialize(bad) << ": " << r.body;
  }
  EXPECT_EQ(health().at("reset_reason").as_string(), "task_wdt") << "nothing refused was stored";
}
