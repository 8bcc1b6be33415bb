// Rooms and buildings that require approval: a request is pending (it holds the slot
// but not the power), an approver of that room or building or an admin decides it,
// and one not decided before its start lapses.
#include "booking_fixture.hpp"

#include <thread>

class ApprovalTest : public BookingTest {
 protected:
  std::int64_t building(const std::string& name, bool requires_approval) {
    auto b = post("/api/admin/buildings", json::object{{"name", name}, {"requires_approval", requires_approval}}, admin_);
    EXPECT_EQ(b.status, 201) << b.body;
    EXPECT_EQ(b.json().at("requires_approval").as_bool(), requires_approval);
    return b.json().at("id").as_int64();
  }
  void move_to(std::int64_t room_id, std::int64_t building_id) {
    auto r = put("/api/admin/classrooms/" + std::to_string(room_id), json::object{{"building_id", building_id}}, admin_);
    ASSERT_EQ(r.status, 200) << r.body;
  }
  // A staff account approving for `scopes`; returns its token.
  std::string approver(const std::string& username, json::array scopes) {
    auto token = another_staff(username);
    auto id = std::stoll(ts::sql(db_, "SELECT id FROM users WHERE username = '" + username + "'"));
    auto r = put("/api/admin/users/" + std::to_string(id), json::object{{"approver_scopes", scopes}}, admin_);
    EXPECT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.json().at("approver_scopes"), json::value(scopes));
    return token;
  }
  ts::HttpResult decide(std::int64_t id, const char* what, const std::string& token, json::object body = {}) {
    return post("/api/staff/bookings/" + std::to_string(id) + "/" + what, body, token);
  }
  std::size_t inbox(const std::string& token) {
    auto r = get("/api/staff/approvals", token);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json().as_array().size();
  }
  template <class F>
  json::value wait_for_booking(std::int64_t id, F ready) {
    json::value b;
    for (int i = 0; i < 150; ++i) {
      b = get("/api/admin/bookings/" + std::to_string(id), admin_).json();
      if (ready(b)) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return b;
  }
};
CLASSROOM_INSTANTIATE(ApprovalTest);

TEST_P(ApprovalTest, ARequestHoldsTheSlotButNotThePowerUntilApproved) {
  auto north = building("North", true);
  auto n = make_node("N101", "node-1");
  move_to(n.classroom_id, north);
  auto boss = approver("northie", json::array{"building/North"});
  auto now = unix_now();

  // Starting in 5 min: a confirmed booking would switch the room on now (the pre-start lead).
  auto req = book(n.classroom_id, iso_utc(now + 300), iso_utc(now + 3600), staff_);
  ASSERT_EQ(req.status, 201) << req.body;
  EXPECT_EQ(str(req.json(), "status"), "pending");
  auto id = req.json().at("id").as_int64();

  auto other = another_staff("staffb");
  auto taken = book(n.classroom_id, iso_utc(now + 600), iso_utc(now + 1200), other, "Seminar");
  EXPECT_EQ(taken.status, 409) << "a pending request holds its slot: " << taken.body;
  auto seen = get("/api/staff/availability?classroom_id=" + std::to_string(n.classroom_id) + "&date=2026-11-30", other).json();
  ASSERT_EQ(seen.at("busy").as_array().size(), 1u) << "others see the requested time as busy: " << seen;
  EXPECT_TRUE(seen.at("busy").as_array()[0].at("tentative").as_bool()) << seen;

  auto answer = report(n, false).json();
  EXPECT_EQ(answer.at("power_on").as_bool(), false) << "a request keeps no room on: " << answer;
  EXPECT_NE(answer.at("reason").as_string(), "booking_soon") << answer;

  EXPECT_EQ(inbox(boss), 1u);
  EXPECT_EQ(inbox(admin_), 1u);
  EXPECT_EQ(inbox(other), 0u) << "plain staff decide nothing";

  auto approved = decide(id, "approve", boss);
  ASSERT_EQ(approved.status, 200) << approved.body;
  EXPECT_EQ(str(approved.json(), "status"), "confirmed");
  EXPECT_EQ(inbox(boss), 0u);
  answer = report(n, false).json();
  EXPECT_EQ(answer.at("power_on").as_bool(), true) << "an approved booking keeps the room on: " << answer;
  EXPECT_EQ(answer.at("reason").as_string(), "booking_soon");
  seen = get("/api/staff/availability?classroom_id=" + std::to_string(n.classroom_id) + "&date=2026-11-30", other).json();
  EXPECT_FALSE(seen.at("busy").as_array()[0].at("tentative").as_bool()) << seen;
  auto history = get("/api/staff/bookings/" + std::to_string(id), staff_).json().at("history").as_array();
  EXPECT_EQ(str(history.front(), "action"), "requested");
  EXPECT_EQ(str(history.back(), "action"), "approved");

  auto again = decide(id, "approve", boss);
  EXPECT_EQ(again.status, 409) << "only a pending request is decided: " << again.body;
}

TEST_P(ApprovalTest, AnEditedTimeOrRoomAsksAgainWhereApprovalIsRequired) {
  auto north = building("North", true);
  auto gated = room("N101"), open = room("S201");
  move_to(gated, north);
  auto boss = approver("northie", json::array{"building/North"});
  auto now = unix_now();
  auto edit = [&](std::int64_t id, json::object body, const std::string& token) {
    auto r = put("/api/staff/bookings/" + std::to_string(id), body, token);
    EXPECT_EQ(r.status, 200) << r.body;
    return str(r.json(), "status");
  };

  // The owner changes a request's time: still a request.
  auto req = book(gated, iso_utc(now + 86400), iso_utc(now + 90000), staff_);
  ASSERT_EQ(req.status, 201) << req.body;
  auto id = req.json().at("id").as_int64();
  EXPECT_EQ(edit(id, {{"start_time", iso_utc(now + 86400 + 1800)}}, staff_), "pending");
  EXPECT_EQ(inbox(boss), 1u);
  // Moved to a room that needs no approval: confirmed, and gone from the inbox.
  EXPECT_EQ(edit(id, {{"classroom_id", open}}, staff_), "confirmed");
  EXPECT_EQ(inbox(boss), 0u);
  // Moved back by its owner: a request again; approved, then a new title keeps it confirmed.
  EXPECT_EQ(edit(id, {{"classroom_id", gated}}, staff_), "pending") << "a move may not skip the approval";
  ASSERT_EQ(decide(id, "approve", boss).status, 200);
  EXPECT_EQ(edit(id, {{"title", "Renamed"}}, staff_), "confirmed");
  // A new time for an approved booking is asked again; its approver's own edit is not.
  EXPECT_EQ(edit(id, {{"end_time", iso_utc(now + 93600)}}, staff_), "pending");
  EXPECT_EQ(edit(id, {{"end_time", iso_utc(now + 92000)}}, admin_), "confirmed");
  EXPECT_EQ(ts::sql(db_, "SELECT COUNT(*) FROM booking_events WHERE booking_id = " + std::to_string(id) +
                             " AND action = 'updated'"), "6");
  // Declined requests stay as they are.
  auto other = book(gated, iso_utc(now + 2 * 86400), iso_utc(now + 2 * 86400 + 3600), staff_);
  auto other_id = other.json().at("id").as_int64();
  ASSERT_EQ(decide(other_id, "decline", boss, {{"reason", "Exams"}}).status, 200);
  EXPECT_EQ(put("/api/staff/bookings/" + std::to_string(other_id), json::object{{"title", "Again"}}, staff_).status, 409);
}

TEST_P(ApprovalTest, ADeclineNeedsAReasonTheOwnerSees) {
  auto a = room("Lab 1");
  ASSERT_EQ(put("/api/admin/classrooms/" + std::to_string(a), json::object{{"requires_approval", true}}, admin_).status, 200);
  auto boss = approver("labhead", json::array{"room/Lab 1"});
  auto req = book(a, "2027-03-10T10:00", "2027-03-10T11:00", staff_);
  ASSERT_EQ(str(req.json(), "status"), "pending") << req.body;
  auto id = req.json().at("id").as_int64();

  auto bare = decide(id, "decline", boss);
  EXPECT_EQ(bare.status, 400) << bare.body;
  EXPECT_EQ(str(bare.json(), "field"), "reason");
  auto long_one = decide(id, "decline", boss, {{"reason", std::string(501, 'x')}});
  EXPECT_EQ(long_one.status, 400) << long_one.body;
  EXPECT_EQ(ts::sql(db_, "SELECT status FROM bookings WHERE id = " + std::to_string(id)), "pending");

  auto declined = decide(id, "decline", boss, {{"reason", "The lab is closed for maintenance"}});
  ASSERT_EQ(declined.status, 200) << declined.body;
  EXPECT_EQ(str(declined.json(), "status"), "declined");
  auto mine = get("/api/staff/bookings", staff_).json().as_array();
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(str(mine[0], "status"), "declined");
  EXPECT_EQ(str(mine[0], "decision_reason"), "The lab is closed for maintenance");
  EXPECT_EQ(decide(id, "approve", boss).status, 409);
  EXPECT_EQ(book(a, "2027-03-10T10:00", "2027-03-10T11:00", boss).status, 201) << "a declined request frees its slot";
}

TEST_P(ApprovalTest, OnlyApproversOfThatRoomOrBuildingOrAdminsDecide) {
  auto north = building("North", true);
  auto south = building("South", false);
  auto n1 = room("N1");
  auto s1 = room("S1");
  move_to(n1, north);
  move_to(s1, south);
  auto northie = approver("northie", json::array{"building/North"});
  auto southie = approver("southie", json::array{"building/South", "room/S1"});

  EXPECT_EQ(str(book(s1, "2027-03-10T10:00", "2027-03-10T11:00", staff_).json(), "status"), "confirmed")
      << "South needs no approval";
  EXPECT_EQ(str(book(n1, "2027-03-10T12:00", "2027-03-10T13:00", northie).json(), "status"), "confirmed")
      << "an approver of the building books it outright";
  EXPECT_EQ(str(book(n1, "2027-03-10T14:00", "2027-03-10T15:00", admin_).json(), "status"), "confirmed");
  auto req = book(n1, "2027-03-10T10:00", "2027-03-10T11:00", staff_);
  ASSERT_EQ(str(req.json(), "status"), "pending") << req.body;
  auto id = req.json().at("id").as_int64();

  auto own = decide(id, "approve", staff_);
  EXPECT_EQ(own.status, 403) << own.body;
  EXPECT_NE(own.body.find("approval.self"), std::string::npos) << own.body;
  auto elsewhere = decide(id, "approve", southie);
  EXPECT_EQ(elsewhere.status, 403) << elsewhere.body;
  EXPECT_NE(elsewhere.body.find("approval.scope"), std::string::npos) << elsewhere.body;
  EXPECT_EQ(decide(id, "decline", southie, {{"reason", "no"}}).status, 403);
  EXPECT_EQ(inbox(southie), 0u);
  EXPECT_EQ(ts::sql(db_, "SELECT status FROM bookings WHERE id = " + std::to_string(id)), "pending");

  auto by_admin = decide(id, "approve", admin_);
  ASSERT_EQ(by_admin.status, 200) << by_admin.body;
  EXPECT_EQ(str(by_admin.json(), "status"), "confirmed");

  auto bad = put("/api/admin/users/2", json::object{{"approver_scopes", json::array{"campus/all"}}}, admin_);
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_EQ(str(bad.json(), "field"), "approver_scopes");
}

TEST_P(ApprovalTest, ARequestNotDecidedBeforeItsStartLapses) {
  auto a = room("Lab 1");
  ASSERT_EQ(put("/api/admin/classrooms/" + std::to_string(a), json::object{{"requires_approval", true}}, admin_).status, 200);
  auto now = unix_now();
  auto req = book(a, iso_utc(now + 600), iso_utc(now + 1800), staff_);
  ASSERT_EQ(str(req.json(), "status"), "pending") << req.body;
  auto id = req.json().at("id").as_int64();

  extra_args_ = {"--clock-offset", "700"};  // past its start
  restart_server();
  auto lapsed = wait_for_booking(id, [](const json::value& b) { return str(b, "status") != "pending"; });
  EXPECT_EQ(str(lapsed, "status"), "lapsed") << lapsed;
  EXPECT_EQ(str(lapsed.at("history").as_array().back(), "action"), "lapsed");
  EXPECT_EQ(decide(id, "approve", admin_).status, 409);
}
