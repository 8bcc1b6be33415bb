// Webhooks: every event a subscription asks for reaches a real receiver (a Python
// http.server the test starts) signed, in order per room, each delivery id accepted
// once, through failures, a hanging receiver, a crash, and two instances.
#include "nodes.hpp"
#include "webhook_receiver.hpp"

#include <map>
#include <set>

namespace {

const std::string kSecret = "receiver-secret-0123456789";
const std::vector<std::string> kFastRetries = {"--webhook-allow-private", "--webhook-retry-min", "1",
                                               "--webhook-retry-max", "2"};

json::array all_events() {
  return {"room.occupied",   "room.vacant",     "room.power",        "device.offline",   "device.online",
          "booking.created", "booking.changed", "booking.cancelled", "booking.released", "sensor.fault"};
}

ts::HttpResult subscribe(int port, const std::string& token, const std::string& url, json::array events = all_events(),
                         const std::string& secret = kSecret) {
  return ts::http_json(port, "POST", "/api/admin/webhooks",
                       json::object{{"url", url}, {"events", std::move(events)}, {"secret", secret}}, token);
}

std::int64_t room_of(const ts::Received& r) {
  const auto& data = r.body.at("data").as_object();
  if (auto* c = data.if_contains("classroom_id"); c && c->is_int64()) return c->as_int64();
  return 0;
}

// Each delivery id answered 200 once, every request signed.
void expect_signed_and_once(const ts::WebhookReceiver& receiver) {
  std::map<std::string, int> accepted;
  for (const auto& r : receiver.requests()) {
    EXPECT_TRUE(r.signature_ok) << r.event << " " << r.delivery;
    EXPECT_EQ(r.content_type, "application/json");
    EXPECT_FALSE(r.delivery.empty());
    if (r.status == 200) ++accepted[r.delivery];
  }
  for (const auto& [id, n] : accepted) EXPECT_EQ(n, 1) << "delivery " << id << " accepted " << n << " times";
}

std::string booking_at(int day) { return "2026-12-0" + std::to_string(day) + "T09:00:00Z"; }

ts::HttpResult book(int port, const std::string& token, std::int64_t room, int day) {
  return ts::http_json(port, "POST", "/api/staff/bookings",
                       json::object{{"classroom_id", room}, {"start_time", booking_at(day)},
                                    {"end_time", "2026-12-0" + std::to_string(day) + "T10:00:00Z"}, {"title", "Lecture"}},
                       token);
}

}  // namespace

class WebhookTest : public ApiTest {
 protected:
  std::vector<std::string> server_args() override {
    auto args = kFastRetries;
    args.insert(args.end(), extra_.begin(), extra_.end());
    return args;
  }
  void restart_with(std::vector<std::string> extra) {
    extra_ = std::move(extra);
    restart_server();
  }
  std::vector<std::string> extra_;
  std::string count_sql(const std::string& table) { return ts::sql(db_, "SELECT COUNT(*) FROM " + table); }
};

TEST_P(WebhookTest, EveryEventArrivesSignedInOrderPerRoomThroughFailures) {
  ts::WebhookReceiver receiver(kSecret, {.fail_first = 2});
  auto hook = subscribe(port(), admin_, receiver.url());
  ASSERT_EQ(hook.status, 201) << hook.body;
  auto a = make_node("Room A", "node-a");
  auto b = make_node("Room B", "node-b");
  NodeKey na{a.device_id, a.api_key, a.classroom_id}, nb{b.device_id, b.api_key, b.classroom_id};
  ASSERT_EQ(report(port(), na, true, 1).status, 200);
  ASSERT_EQ(report(port(), nb, true, 1).status, 200);
  ASSERT_EQ(report(port(), na, true, 2).status, 200) << "the same state again: no event";
  ASSERT_EQ(report(port(), na, false, 3).status, 200);
  ASSERT_EQ(report(port(), na, true, 4).status, 200);
  // Room A: online, occupied and powered (first report), vacant, occupied. Room B: three.
  ASSERT_TRUE(receiver.wait_until([](const auto& got) { return got.size() >= 8; }, std::chrono::seconds(60)))
      << receiver.requests().size() << " requests\n" << server_->log();
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  auto got = receiver.accepted();
  ASSERT_EQ(got.size(), 8u);
  expect_signed_and_once(receiver);
  std::vector<std::string> room_a, room_b;
  for (const auto& r : got) {
    EXPECT_EQ(r.attempt, 3) << "answered 500 twice, then taken: " << r.event;
    EXPECT_EQ(r.body.at("event").as_string(), r.event);
    (room_of(r) == a.classroom_id ? room_a : room_b).push_back(r.event);
  }
  EXPECT_EQ(room_a, (std::vector<std::string>{"device.online", "room.occupied", "room.power", "room.vacant", "room.occupied"}));
  EXPECT_EQ(room_b, (std::vector<std::string>{"device.online", "room.occupied", "room.power"}));
  // The delivery log tells the same story.
  auto log = get("/api/admin/webhooks/" + std::to_string(hook.json().at("id").as_int64()) + "/deliveries", admin_);
  ASSERT_EQ(log.status, 200);
  auto entries = log.json();
  ASSERT_EQ(entries.as_array().size(), 8u);
  for (const auto& d : entries.as_array()) {
    EXPECT_EQ(d.at("status").as_string(), "delivered");
    EXPECT_EQ(d.at("attempts").as_int64(), 3);
  }
  auto outbox = get("/api/admin/outbox", admin_);
  EXPECT_EQ(outbox.json().at("depth").as_int64(), 0) << outbox.body;
}

TEST_P(WebhookTest, ABookingMadeAndCancelledIsAnnouncedWithItsDetails) {
  ts::WebhookReceiver receiver(kSecret, {});
  ASSERT_EQ(subscribe(port(), admin_, receiver.url(), {"booking.created", "booking.cancelled"}).status, 201);
  auto room = post("/api/admin/classrooms", json::object{{"name", "Hall"}}, admin_).json().at("id").as_int64();
  auto booking = book(port(), staff_, room, 2);
  ASSERT_EQ(booking.status, 201) << booking.body;
  auto id = booking.json().at("id").as_int64();
  ASSERT_EQ(del("/api/staff/bookings/" + std::to_string(id), staff_).status, 200);
  ASSERT_TRUE(receiver.wait_until([](const auto& got) { return got.size() >= 2; }, std::chrono::seconds(30)));
  auto got = receiver.accepted();
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].event, "booking.created");
  EXPECT_EQ(got[1].event, "booking.cancelled");
  for (const auto& r : got) {
    EXPECT_EQ(r.body.at("data").at("booking_id").as_int64(), id);
    EXPECT_EQ(r.body.at("data").at("classroom_id").as_int64(), room);
    EXPECT_EQ(r.body.at("data").at("start_time").as_string(), booking_at(2));
  }
  EXPECT_EQ(got[1].body.at("data").at("status").as_string(), "cancelled");
  expect_signed_and_once(receiver);
}

TEST_P(WebhookTest, OnlyTheEventsSubscribedToAreQueuedAndNoneWithoutASubscription) {
  auto n = make_node("Room A", "node-a");
  NodeKey node{n.device_id, n.api_key, n.classroom_id};
  ASSERT_EQ(report(port(), node, true, 1).status, 200);
  ASSERT_EQ(report(port(), node, false, 2).status, 200);
  ASSERT_EQ(book(port(), staff_, n.classroom_id, 3).status, 201);
  EXPECT_EQ(count_sql("outbox"), "0") << "no subscription, no row";

  ts::WebhookReceiver receiver(kSecret, {});
  ASSERT_EQ(subscribe(port(), admin_, receiver.url(), {"room.occupied"}).status, 201);
  ASSERT_EQ(report(port(), node, false, 3).status, 200);
  ASSERT_EQ(report(port(), node, true, 4).status, 200);
  ASSERT_EQ(book(port(), staff_, n.classroom_id, 4).status, 201);
  ASSERT_TRUE(receiver.wait_until([](const auto& got) { return !got.empty(); }, std::chrono::seconds(30)));
  EXPECT_EQ(count_sql("outbox"), "1") << "only the one room.occupied";
  EXPECT_EQ(receiver.accepted().at(0).body.at("data").at("occupied").as_bool(), true);
}

TEST_P(WebhookTest, ADeviceGoingOfflineIsAnnounced) {
  restart_with({"--offline-after", "10"});
  ts::WebhookReceiver receiver(kSecret, {});
  ASSERT_EQ(subscribe(port(), admin_, receiver.url(), {"device.offline"}).status, 201);
  auto n = make_node("Room A", "node-a");
  ASSERT_EQ(report(port(), NodeKey{n.device_id, n.api_key, n.classroom_id}, true, 1).status, 200);
  ASSERT_TRUE(receiver.wait_until([](const auto& got) { return !got.empty(); }, std::chrono::seconds(40)))
      << server_->log();
  auto got = receiver.accepted().at(0);
  EXPECT_EQ(got.event, "device.offline");
  EXPECT_EQ(got.body.at("data").at("device_id").as_string(), "node-a");
  EXPECT_EQ(got.body.at("data").at("classroom_id").as_int64(), n.classroom_id);
}

TEST_P(WebhookTest, AHangingReceiverHoldsOnlyItsOwnDeliveries) {
  ts::WebhookReceiver hanging(kSecret, {.hang_s = 30});
  ts::WebhookReceiver healthy(kSecret, {});
  ASSERT_EQ(subscribe(port(), admin_, hanging.url(), {"booking.created"}).status, 201);  // first in the queue
  ASSERT_EQ(subscribe(port(), admin_, healthy.url(), {"booking.created"}).status, 201);
  auto room = post("/api/admin/classrooms", json::object{{"name", "Hall"}}, admin_).json().at("id").as_int64();
  for (int day = 1; day <= 3; ++day) ASSERT_EQ(book(port(), staff_, room, day).status, 201);
  // Sooner than one attempt's total timeout (10 s): nothing waited for the hanging one.
  EXPECT_TRUE(healthy.wait_until([](const auto& got) { return got.size() >= 3; }, std::chrono::seconds(8)))
      << server_->log();
}

TEST_P(WebhookTest, ARedirectIsNotFollowedAndCountsAsAFailure) {
  ts::WebhookReceiver elsewhere(kSecret, {});
  ts::WebhookReceiver redirecting(kSecret, {.redirect_to = elsewhere.url()});
  auto hook = subscribe(port(), admin_, redirecting.url(), {"room.vacant"});
  auto id = std::to_string(hook.json().at("id").as_int64());
  ASSERT_EQ(post("/api/admin/webhooks/" + id + "/test", nullptr, admin_).status, 202);
  json::value log;
  for (int i = 0; i < 100; ++i) {
    log = get("/api/admin/webhooks/" + id + "/deliveries", admin_).json();
    if (log.as_array().size() == 1 && log.at(0).at("attempts").as_int64() >= 2) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(log.at(0).at("status").as_string(), "failing");
  EXPECT_EQ(log.at(0).at("last_status").as_int64(), 302);
  EXPECT_NE(log.at(0).at("last_error").as_string().find("redirects are not followed"), std::string::npos) << log;
  EXPECT_GE(redirecting.requests().size(), 2u) << "retried";
  EXPECT_TRUE(elsewhere.requests().empty()) << "never followed";
}

TEST_P(WebhookTest, TheTestDeliveryReachesTheReceiverAndTheLog) {
  ts::WebhookReceiver receiver(kSecret, {});
  auto hook = subscribe(port(), admin_, receiver.url(), {"room.vacant"});
  auto id = std::to_string(hook.json().at("id").as_int64());
  auto queued = post("/api/admin/webhooks/" + id + "/test", nullptr, admin_);
  ASSERT_EQ(queued.status, 202) << queued.body;
  ASSERT_TRUE(receiver.wait_until([](const auto& got) { return !got.empty(); }, std::chrono::seconds(30)));
  auto ping = receiver.accepted().at(0);
  EXPECT_EQ(ping.event, "ping");
  EXPECT_TRUE(ping.signature_ok);
  json::value log;
  for (int i = 0; i < 50; ++i) {
    log = get("/api/admin/webhooks/" + id + "/deliveries", admin_).json();
    if (log.as_array().size() == 1 && log.at(0).at("status") == "delivered") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_EQ(log.as_array().size(), 1u);
  EXPECT_EQ(log.at(0).at("status").as_string(), "delivered");
  EXPECT_EQ(log.at(0).at("delivery_id").as_string(), ping.delivery);
  EXPECT_EQ(log.at(0).at("event").as_string(), "ping");
  auto metrics = ts::http(port(), "GET", "/metrics");
  EXPECT_NE(metrics.body.find("classroom_outbox_depth 0"), std::string::npos) << metrics.body;
  EXPECT_EQ(post("/api/admin/webhooks/999/test", nullptr, admin_).status, 404);
}

TEST_P(WebhookTest, TheSecretIsNeverShownBackNorLogged) {
  ts::WebhookReceiver receiver(kSecret, {});
  auto hook = subscribe(port(), admin_, receiver.url(), {"room.vacant", "room.vacant"});
  ASSERT_EQ(hook.status, 201) << hook.body;
  EXPECT_EQ(hook.json().at("secret_set"), true);
  EXPECT_EQ(hook.json().at("events").as_array().size(), 1u) << "named twice, kept once";
  auto list = get("/api/admin/webhooks", admin_);
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(list.json().as_array().size(), 1u);
  EXPECT_EQ(list.json().at(0).at("url").as_string(), receiver.url());
  EXPECT_EQ(list.body.find(kSecret), std::string::npos);
  EXPECT_EQ(hook.body.find(kSecret), std::string::npos);
  post("/api/admin/webhooks/" + std::to_string(hook.json().at("id").as_int64()) + "/test", nullptr, admin_);
  receiver.wait_until([](const auto& got) { return !got.empty(); }, std::chrono::seconds(30));
  EXPECT_EQ(server_->log().find(kSecret), std::string::npos);
}

TEST_P(WebhookTest, BadInputIsRefusedNamingTheFieldAndStoresNothing) {
  auto url = "http://127.0.0.1:9/hook";
  struct Case {
    json::object body;
    std::string field, says;
  } cases[] = {
      {{{"url", "ftp://127.0.0.1/hook"}, {"events", {"room.vacant"}}, {"secret", kSecret}}, "url", "http"},
      {{{"url", "not a url"}, {"events", {"room.vacant"}}, {"secret", kSecret}}, "url", "http"},
      {{{"url", "file:///etc/passwd"}, {"events", {"room.vacant"}}, {"secret", kSecret}}, "url", "http"},
      {{{"url", std::string("http://127.0.0.1/") + std::string(20000, 'a')}, {"events", {"room.vacant"}}, {"secret", kSecret}},
       "url", ""},
      {{{"url", url}, {"events", {"room.vacant", "room.exploded"}}, {"secret", kSecret}}, "events", "room.exploded"},
      {{{"url", url}, {"events", json::array{}}, {"secret", kSecret}}, "events", ""},
      {{{"url", url}, {"events", "room.vacant"}, {"secret", kSecret}}, "events", ""},
      {{{"url", url}, {"secret", kSecret}}, "events", ""},
      {{{"url", url}, {"events", {"room.vacant"}}}, "secret", ""},
      {{{"url", url}, {"events", {"room.vacant"}}, {"secret", "short"}}, "secret", "16"},
      {{{"events", {"room.vacant"}}, {"secret", kSecret}}, "url", ""},
  };
  for (const auto& c : cases) {
    auto r = post("/api/admin/webhooks", c.body, admin_);
    EXPECT_EQ(r.status, 400) << json::serialize(c.body).substr(0, 200) << " " << r.body;
    EXPECT_EQ(r.json().at("field").as_string(), c.field) << r.body;
    EXPECT_NE(r.body.find(c.says), std::string::npos) << r.body;
  }
  EXPECT_EQ(count_sql("webhooks"), "0");
  EXPECT_EQ(post("/api/admin/webhooks", json::object{{"url", url}, {"events", {"room.vacant"}}, {"secret", kSecret}}, staff_).status,
            403);
  EXPECT_EQ(get("/api/admin/webhooks", staff_).status, 403);
  EXPECT_EQ(get("/api/admin/outbox", staff_).status, 403);
  EXPECT_EQ(get("/api/admin/webhooks").status, 401);
  EXPECT_EQ(count_sql("webhooks"), "0");
}

TEST_P(WebhookTest, DeletingASubscriptionDropsItsQueue) {
  ts::WebhookReceiver receiver(kSecret, {.fail_first = 1000});
  auto hook = subscribe(port(), admin_, receiver.url(), {"booking.created"});
  auto id = std::to_string(hook.json().at("id").as_int64());
  auto room = post("/api/admin/classrooms", json::object{{"name", "Hall"}}, admin_).json().at("id").as_int64();
  ASSERT_EQ(book(port(), staff_, room, 2).status, 201);
  for (int i = 0; i < 100 && receiver.requests().empty(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  auto outbox = get("/api/admin/outbox", admin_).json();
  EXPECT_EQ(outbox.at("depth").as_int64(), 1);
  EXPECT_EQ(outbox.at("failing").as_int64(), 1);
  EXPECT_TRUE(outbox.at("oldest_pending").is_string());
  auto log = get("/api/admin/webhooks/" + id + "/deliveries", admin_).json();
  EXPECT_EQ(log.at(0).at("status").as_string(), "failing");
  EXPECT_EQ(log.at(0).at("last_status").as_int64(), 500);
  EXPECT_EQ(log.at(0).at("last_error").as_string(), "HTTP 500");
  ASSERT_EQ(del("/api/admin/webhooks/" + id, admin_).status, 200);
  EXPECT_EQ(del("/api/admin/webhooks/" + id, admin_).status, 404);
  EXPECT_EQ(get("/api/admin/webhooks/" + id + "/deliveries", admin_).status, 404);
  EXPECT_EQ(count_sql("outbox"), "0");
  EXPECT_EQ(get("/api/admin/outbox", admin_).json().at("depth").as_int64(), 0);
}

CLASSROOM_INSTANTIATE(WebhookTest);

// Without --webhook-allow-private, nothing on this machine or a private network.
class WebhookPrivateTest : public ApiTest {};

TEST_P(WebhookPrivateTest, LoopbackPrivateAndLinkLocalUrlsAreRefused) {
  ts::WebhookReceiver receiver(kSecret, {});
  for (std::string url : {receiver.url(), std::string("http://localhost:8080/"), std::string("http://[::1]/"),
                          std::string("http://10.1.2.3/"), std::string("https://192.168.0.10/"),
                          std::string("http://172.20.0.1/"), std::string("http://169.254.169.254/latest/meta-data"),
                          std::string("http://169.254.10.10/"), std::string("http://[fe80::1]/"),
                          std::string("http://[fd00::1]/"), std::string("http://0.0.0.0/")}) {
    auto r = subscribe(port(), admin_, url, {"room.vacant"});
    EXPECT_EQ(r.status, 400) << url << " " << r.body;
    EXPECT_EQ(r.json().at("field").as_string(), "url") << r.body;
    EXPECT_NE(r.body.find("--webhook-allow-private"), std::string::npos) << r.body;
  }
  EXPECT_EQ(ts::sql(db_, "SELECT COUNT(*) FROM webhooks"), "0");
}

CLASSROOM_INSTANTIATE(WebhookPrivateTest);

class WebhookCrashTest : public ::testing::TestWithParam<std::string> {};

TEST_P(WebhookCrashTest, AKillInTheMiddleOfDeliveriesLosesAndRepeatsNothing) {
  auto db = ts::fresh_db(GetParam());
  ts::add_user(db, "admin", ts::kAdminPassword, "admin");
  ts::add_user(db, "staff", ts::kStaffPassword, "staff");
  ts::WebhookReceiver receiver(kSecret, {.fail_first = 3});
  auto var = ts::make_temp_dir("classroom-var");
  auto args = kFastRetries;
  args.insert(args.end(), {"--var-dir", var});
  auto server = std::make_unique<ts::Server>(db, args);
  auto admin = ts::login(server->port(), "admin", ts::kAdminPassword);
  auto staff = ts::login(server->port(), "staff", ts::kStaffPassword);
  ASSERT_EQ(subscribe(server->port(), admin, receiver.url(), {"booking.created"}).status, 201);
  std::vector<std::int64_t> rooms;
  for (int i = 0; i < 3; ++i)
    rooms.push_back(ts::http_json(server->port(), "POST", "/api/admin/classrooms",
                                  json::object{{"name", "Room " + std::to_string(i)}}, admin).json().at("id").as_int64());
  for (auto room : rooms)
    for (int day = 1; day <= 2; ++day) ASSERT_EQ(book(server->port(), staff, room, day).status, 201);
  // Deliveries are under way (each is answered 500 three times first): crash.
  for (int i = 0; i < 200 && receiver.requests().size() < 2; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  ASSERT_GE(receiver.requests().size(), 2u);
  ASSERT_TRUE(receiver.accepted().empty());
  server->kill_hard();
  server = std::make_unique<ts::Server>(db, args);
  // PostgreSQL: the dead instance's claims run out first (at most 30 s).
  ASSERT_TRUE(receiver.wait_until([](const auto& got) { return got.size() >= 6; }, std::chrono::seconds(90)))
      << receiver.accepted().size() << "\n" << server->log();
  std::this_thread::sleep_for(std::chrono::seconds(3));
  EXPECT_EQ(receiver.accepted().size(), 6u);
  expect_signed_and_once(receiver);
  std::map<std::int64_t, std::vector<std::string>> by_room;
  for (const auto& r : receiver.accepted()) by_room[room_of(r)].push_back(std::string(r.body.at("data").at("start_time").as_string()));
  for (auto room : rooms) EXPECT_EQ(by_room[room], (std::vector<std::string>{booking_at(1), booking_at(2)})) << "in order, room " << room;
}

CLASSROOM_INSTANTIATE(WebhookCrashTest);

TEST(WebhookTwoInstances, TwoServersOnOnePostgresDeliverEachMessageOnce) {
  auto db = ts::fresh_db("postgresql");
  ts::add_user(db, "admin", ts::kAdminPassword, "admin");
  ts::add_user(db, "staff", ts::kStaffPassword, "staff");
  ts::WebhookReceiver receiver(kSecret, {.fail_first = 1});
  ts::Server a(db, kFastRetries), b(db, kFastRetries);
  auto admin = ts::login(a.port(), "admin", ts::kAdminPassword);
  auto staff = ts::login(b.port(), "staff", ts::kStaffPassword);
  ASSERT_EQ(subscribe(a.port(), admin, receiver.url(), {"booking.created", "booking.cancelled"}).status, 201);
  for (int i = 0; i < 5; ++i) {
    auto* server = i % 2 ? &a : &b;
    auto room = ts::http_json(server->port(), "POST", "/api/admin/classrooms", json::object{{"name", "Room " + std::to_string(i)}},
                              admin).json().at("id").as_int64();
    auto booking = book(server->port(), staff, room, 1 + i % 3);
    ASSERT_EQ(booking.status, 201) << booking.body;
    ASSERT_EQ(ts::http_json(server->port(), "DELETE", "/api/staff/bookings/" + std::to_string(booking.json().at("id").as_int64()),
                            nullptr, staff).status, 200);
  }
  ASSERT_TRUE(receiver.wait_until([](const auto& got) { return got.size() >= 10; }, std::chrono::seconds(60)))
      << a.log() << b.log();
  std::this_thread::sleep_for(std::chrono::seconds(3));
  EXPECT_EQ(receiver.accepted().size(), 10u);
  expect_signed_and_once(receiver);
  std::map<std::int64_t, std::vector<std::string>> by_room;
  for (const auto& r : receiver.accepted()) by_room[room_of(r)].push_back(r.event);
  for (const auto& [room, events] : by_room)
    EXPECT_EQ(events, (std::vector<std::string>{"booking.created", "booking.cancelled"})) << "room " << room;
}
