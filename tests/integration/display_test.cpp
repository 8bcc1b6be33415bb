// Door displays: a room's state at an unguessable address without sign-in, nothing
// private in it, live changes over the WebSocket, and admins' reset of the address.
#include "booking_fixture.hpp"

class DisplayTest : public BookingTest {
 protected:
  std::string link_of(std::int64_t room) {
    auto r = get("/api/admin/classrooms/" + std::to_string(room) + "/display-link", admin_);
    EXPECT_EQ(r.status, 200) << r.body;
    auto token = str(r.json(), "token");
    EXPECT_EQ(str(r.json(), "url"), "/display/" + token);
    return token;
  }
  json::value show(const std::string& token) {
    auto r = get("/api/display/" + token);  // no sign-in
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }
  std::unique_ptr<ts::WsClient> display_socket(const std::string& token) {
    auto ws = std::make_unique<ts::WsClient>(port(), "/api/ws?display=" + token);
    EXPECT_TRUE(ws->wait_for("hello", std::chrono::seconds(5)));
    return ws;
  }
};
CLASSROOM_INSTANTIATE(DisplayTest);

TEST_P(DisplayTest, ShowsFreeInUseAndBookedNowWithTheNextBookingsAndNothingPrivate) {
  auto node = make_node("Door 1", "door-node-1");
  auto token = link_of(node.classroom_id);
  EXPECT_GE(token.size(), 32u);
  EXPECT_EQ(link_of(node.classroom_id), token) << "the address stays until it is reset";

  auto v = show(token);
  EXPECT_EQ(str(v, "name"), "Door 1");
  EXPECT_EQ(str(v, "state"), "free");
  EXPECT_EQ(str(v, "occupancy"), "unknown") << "the node has not reported yet";
  EXPECT_TRUE(v.at("until").is_null());
  EXPECT_TRUE(v.at("next").as_array().empty());
  EXPECT_EQ(str(v, "book_path"), "/staff/book?room=" + std::to_string(node.classroom_id));
  EXPECT_EQ(str(v, "timezone"), "Europe/Berlin");

  ASSERT_EQ(report(node, true).status, 200);
  v = show(token);
  EXPECT_EQ(str(v, "state"), "in_use");
  EXPECT_EQ(str(v, "occupancy"), "occupied");

  auto now = unix_now();
  auto b = post("/api/staff/bookings",
                json::object{{"classroom_id", node.classroom_id}, {"start_time", iso_utc(now - 120)},
                             {"end_time", iso_utc(now + 3600)}, {"title", "Seminar"},
                             {"description", "Confidential: grades of J. Doe"}},
                staff_);
  ASSERT_EQ(b.status, 201) << b.body;
  ASSERT_EQ(book(node.classroom_id, iso_utc(now + 7200), iso_utc(now + 9000), admin_, "Exam").status, 201);
  auto r = get("/api/display/" + token);
  ASSERT_EQ(r.status, 200) << r.body;
  v = r.json();
  EXPECT_EQ(str(v, "state"), "booked");
  EXPECT_EQ(str(v.at("current"), "title"), "Seminar");
  EXPECT_EQ(str(v, "until"), str(b.json(), "end_time"));
  ASSERT_EQ(v.at("next").as_array().size(), 1u);
  EXPECT_EQ(str(v.at("next").at(0), "title"), "Exam");
  for (const char* secret : {"@campus.test", "Confidential", "\"staff\"", "\"admin\"", "username", "user_id", "email",
                             "description"})
    EXPECT_EQ(r.body.find(secret), std::string::npos) << secret << " leaked: " << r.body;
  EXPECT_EQ(r.headers["cache-control"], "no-store");
}

TEST_P(DisplayTest, ForgedOrResetAddressesAnswer404AndOnlyAdminsSeeOrResetThem) {
  auto room = this->room("Door 2");
  auto token = link_of(room);
  for (const std::string& bad : {std::string(32, 'A'), std::string("short"), token.substr(0, 31),
                                token + "x", std::string("..%2F..%2Fetc%2Fpasswd-0123456789abcdef")}) {
    auto r = get("/api/display/" + bad);
    EXPECT_EQ(r.status, 404) << bad << ": " << r.body;
    EXPECT_EQ(r.error(), "Not found");
  }

  auto path = "/api/admin/classrooms/" + std::to_string(room) + "/display-link";
  EXPECT_EQ(get(path).status, 401);
  EXPECT_EQ(get(path, staff_).status, 403);
  EXPECT_EQ(post(path + "/reset", json::object{}, staff_).status, 403);
  EXPECT_EQ(get("/api/admin/display-links", staff_).status, 403);
  EXPECT_EQ(get("/api/admin/classrooms/999999/display-link", admin_).status, 404);
  EXPECT_EQ(post("/api/admin/classrooms/999999/display-link/reset", json::object{}, admin_).status, 404);
  EXPECT_EQ(post("/api/admin/classrooms/abc/display-link/reset", json::object{}, admin_).status, 404);
  EXPECT_EQ(link_of(room), token) << "refused requests changed nothing";
  EXPECT_EQ(get("/api/display/" + token).status, 200);

  auto ws = display_socket(token);
  auto reset = post(path + "/reset", json::object{}, admin_);
  ASSERT_EQ(reset.status, 200) << reset.body;
  auto fresh = str(reset.json(), "token");
  EXPECT_NE(fresh, token);
  EXPECT_EQ(get("/api/display/" + token).status, 404) << "the old address stops working";
  EXPECT_TRUE(ws->closed_within(std::chrono::seconds(5))) << "and its open display is closed";
  EXPECT_THROW(ts::WsClient(port(), "/api/ws?display=" + token), std::exception);
  EXPECT_EQ(str(show(fresh), "name"), "Door 2");
  EXPECT_EQ(ts::sql(db_, "SELECT display_token FROM classrooms WHERE id = " + std::to_string(room)), fresh);

  ASSERT_EQ(put("/api/admin/classrooms/" + std::to_string(room), json::object{{"is_active", false}}, admin_).status, 200);
  EXPECT_EQ(get("/api/display/" + fresh).status, 404) << "a room taken out of service has no display";
}

TEST_P(DisplayTest, AnOpenDisplayHearsOfItsRoomAtOnceAndOfNoOtherRoom) {
  auto node = make_node("Door 3", "door-node-3");
  auto other = make_node("Door 4", "door-node-4");
  EXPECT_THROW(ts::WsClient(port(), "/api/ws?display=" + std::string(32, 'B')), std::exception);
  auto token = link_of(node.classroom_id);
  {
    // A read that times out ends the test client's connection: this one is for that.
    auto quiet = display_socket(token);
    ASSERT_EQ(report(other, true).status, 200);
    EXPECT_FALSE(quiet->wait_for("display_changed", std::chrono::milliseconds(500))) << "another room's news";
  }
  auto ws = display_socket(token);

  auto started = std::chrono::steady_clock::now();
  ASSERT_EQ(report(node, true).status, 200);
  auto msg = ws->wait_for("display_changed", std::chrono::seconds(2));
  ASSERT_TRUE(msg) << "the room's report reaches its display";
  EXPECT_EQ(*msg, R"({"type":"display_changed"})") << "it says that, never what";
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(1));

  ASSERT_EQ(book(node.classroom_id, iso_utc(unix_now() + 3600), iso_utc(unix_now() + 7200), staff_).status, 201);
  EXPECT_TRUE(ws->wait_for("display_changed", std::chrono::seconds(2))) << "a booking of the room too";
}

TEST_P(DisplayTest, AdminsListEveryActiveRoomsDisplayAddress) {
  auto a = room("Door A");
  auto b = room("Door B");
  auto list = get("/api/admin/display-links", admin_);
  ASSERT_EQ(list.status, 200) << list.body;
  auto all = list.json();
  const auto& items = all.as_array();
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].at("classroom_id").as_int64(), a);
  EXPECT_EQ(items[1].at("classroom_id").as_int64(), b);
  EXPECT_NE(str(items[0], "token"), str(items[1], "token"));
  EXPECT_EQ(str(items[0], "token"), link_of(a)) << "the list made the addresses; they stay";
  EXPECT_EQ(get("/api/admin/display-links", admin_).body, list.body);
}
