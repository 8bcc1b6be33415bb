// Buildings and the analytics a registrar and an energy manager read, against a
// history written straight into the database whose true figures each test states
// from the history itself.
#include "fixture.hpp"

#include <fmt/format.h>

#include <thread>

namespace {

constexpr std::int64_t kMonday = ts::kTestEpoch - 7 * 86400 - 12 * 3600;  // 2026-11-23 00:00 UTC
constexpr std::int64_t kHour = 3600, kMin = 60;
const std::string kDay = "from=2026-11-23T00:00:00Z&to=2026-11-24T00:00:00Z";

double num(const json::value& v, const char* key) { return v.at(key).to_number<double>(); }

}  // namespace

class AnalyticsTest : public ApiTest {
 protected:
  std::int64_t building(const std::string& name, const std::string& hours) {
    auto r = post("/api/admin/buildings", json::object{{"name", name}, {"opening_hours", hours}}, admin_);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().at("id").as_int64();
  }
  std::int64_t room(const std::string& name, std::int64_t building_id, int rated_w) {
    auto r = post("/api/admin/classrooms",
                  json::object{{"name", name}, {"capacity", 40}, {"building_id", building_id}, {"rated_load_w", rated_w}},
                  admin_);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().at("id").as_int64();
  }
  // A report every 2 minutes over [from, to) of the Monday, as the functions say.
  template <class Occ, class On>
  void history(std::int64_t room, std::int64_t from, std::int64_t to, Occ occupied, On on,
               std::optional<double> power_w = std::nullopt) {
    std::string values;
    for (auto t = kMonday + from; t < kMonday + to; t += 120) {
      if (!values.empty()) values += ", ";
      values += fmt::format("({}, 'node', {}, {}, {}, {})", room, occupied(t - kMonday) ? 1 : 0,
                            on(t - kMonday) ? 1 : 0, t,
                            power_w && on(t - kMonday) ? fmt::format("{}", *power_w) : std::string("NULL"));
    }
    ts::sql(db_, "INSERT INTO status_logs (classroom_id, device_id, is_occupied, is_power_on, reported_at, power_w) "
                 "VALUES " + values);
  }
  void booking(std::int64_t room, std::int64_t from, std::int64_t to, const std::string& status = "completed") {
    ts::sql(db_, fmt::format("INSERT INTO bookings (classroom_id, title, start_time, end_time, status, created_at, "
                             "updated_at) VALUES ({}, 'Lecture', {}, {}, '{}', 0, 0)",
                             room, kMonday + from, kMonday + to, status));
  }
  json::object room_figures(const json::value& v, std::int64_t id) {
    for (const auto& r : v.at("rooms").as_array())
      if (r.at("classroom_id").as_int64() == id) return r.as_object();
    ADD_FAILURE() << "no room " << id;
    return {};
  }
};

TEST_P(AnalyticsTest, EnergySavedAgainstTheBaselineAndTheRegistrarsFigures) {
  auto main = building("Main", "Mo-Fr 08:00-20:00");
  auto a = room("A101", main, 1500);
  // In use 9-11, a booking for it, a ghost booking 14-15 and one released as a no-show
  // 16-17; the node switched power off at 11:04.
  history(a, 8 * kHour, 20 * kHour, [](auto t) { return t >= 9 * kHour && t < 11 * kHour; },
          [](auto t) { return t < 11 * kHour + 4 * kMin; });
  booking(a, 9 * kHour, 11 * kHour);
  booking(a, 14 * kHour, 15 * kHour);
  booking(a, 16 * kHour, 17 * kHour, "released");

  auto r = get("/api/admin/analytics/utilization?" + kDay, admin_);
  ASSERT_EQ(r.status, 200) << r.body;
  auto f = room_figures(r.json(), a);
  const auto& e = f.at("energy");
  EXPECT_NEAR(num(e, "baseline_on_h"), 11.0, 0.01) << "first presence 9:00 to the close at 20:00";
  EXPECT_NEAR(num(e, "actual_on_h"), 2 + 4 / 60.0, 0.01);
  EXPECT_NEAR(num(e, "saved_kwh"), 1.5 * (8 + 56 / 60.0), 0.01) << "8 h 56 min at the rated 1.5 kW";
  EXPECT_EQ(e.at("load_source").as_string(), "rated");
  EXPECT_NEAR(num(e, "cost"), num(e, "saved_kwh") * 0.30, 0.01) << "the default tariff";
  EXPECT_NEAR(num(f, "frequency"), 2.0 / 12.0, 0.001) << "2 of 12 open hours in use";
  EXPECT_EQ(f.at("bookings_watched").as_int64(), 3);
  EXPECT_EQ(f.at("ghost_bookings").as_int64(), 2) << "the empty booking and the released no-show";
  EXPECT_NEAR(num(f, "booked_h"), 3.0, 0.01) << "a released booking is not booked time";
  EXPECT_NEAR(num(f, "prime_time_use"), 2.0 / 8.0, 0.001) << "2 h of the 8 prime hours 09-17";
  EXPECT_NEAR(num(f, "seat_hours"), 2 * 40, 0.5);
  auto method = r.json().at("method");
  EXPECT_NE(std::string(method.at("energy").as_string()).find("first presence"), std::string::npos);

  auto buildings = r.json().at("buildings").as_array();
  auto it = std::find_if(buildings.begin(), buildings.end(),
                         [&](const json::value& b) { return b.at("building_id").as_int64() == main; });
  ASSERT_NE(it, buildings.end());
  EXPECT_NEAR(num(it->at("energy"), "saved_kwh"), num(e, "saved_kwh"), 0.01) << "the building is its one room";
  EXPECT_EQ(r.json().at("weeks").as_array().size(), 1u);
  auto sizing = r.json().at("right_sizing").as_array();
  auto close = std::find_if(sizing.begin(), sizing.end(), [&](const json::value& s) {
    return s.at("kind").as_string() == "building_close_earlier" && s.at("id").as_int64() == main;
  });
  ASSERT_NE(close, sizing.end()) << r.body;
  EXPECT_NE(std::string(close->at("detail").as_string()).find("Mo could close at 11:00"), std::string::npos)
      << close->at("detail");
}

TEST_P(AnalyticsTest, ALongPeriodSplitOverTheCoresAddsUpToEachRoomsOwnFigures) {
  // Enough room-weeks that the server splits the rooms over its cores: the campus figures
  // are the sums of the rooms', each room's equal its own answer, the order is the list's.
  auto main = building("Main", "Mo-Fr 08:00-20:00");
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 6; ++i) {
    auto id = room(fmt::format("R{}", 6 - i), main, 1000 + 100 * i);
    ids.push_back(id);
    for (int week : {0, 5, 11, 17}) {
      auto at = -week * 7 * 24 * kHour;
      history(id, at + 8 * kHour, at + 12 * kHour, [&](auto t) { return t - at < (9 + i % 3) * kHour; },
              [&](auto t) { return t - at < (10 + i % 2) * kHour; });
    }
    booking(id, 9 * kHour, 10 * kHour);
  }
  const std::string period = "from=2026-07-20T00:00:00Z&to=2026-11-30T00:00:00Z";
  auto all = get("/api/admin/analytics/utilization?" + period, admin_);
  ASSERT_EQ(all.status, 200) << all.body;
  auto answer = all.json();
  const auto& rooms = answer.at("rooms").as_array();
  ASSERT_EQ(rooms.size(), ids.size());
  double kwh = 0, occupied = 0, booked = 0;
  for (const auto& r : rooms) {
    auto id = r.at("classroom_id").as_int64();
    auto one = get(fmt::format("/api/admin/analytics/utilization?{}&classroom_id={}", period, id), admin_);
    ASSERT_EQ(one.status, 200) << one.body;
    EXPECT_EQ(json::serialize(one.json().at("rooms").at(0)), json::serialize(r)) << "room " << id;
    kwh += num(r.at("energy"), "saved_kwh"), occupied += num(r, "occupied_h"), booked += num(r, "booked_h");
  }
  const auto& total = answer.at("total");
  EXPECT_GT(num(total, "occupied_h"), 0.0);
  EXPECT_NEAR(num(total.at("energy"), "saved_kwh"), kwh, 0.05);
  EXPECT_NEAR(num(total, "occupied_h"), occupied, 0.05);
  EXPECT_NEAR(num(total, "booked_h"), booked, 0.05);
  auto listed = get("/api/admin/classrooms", admin_).json().as_array();
  ASSERT_EQ(listed.size(), rooms.size());
  for (std::size_t i = 0; i < rooms.size(); ++i)
    EXPECT_EQ(rooms[i].at("classroom_id").as_int64(), listed[i].at("id").as_int64()) << "position " << i;
}

TEST_P(AnalyticsTest, AMeasuredLoadWinsAndAnEmptyRoomSavedNothing) {
  auto main = building("Main", "Mo-Fr 08:00-20:00");
  auto metered = room("Lab", main, 5000), empty = room("Store", main, 2000);
  history(metered, 8 * kHour, 20 * kHour, [](auto t) { return t >= 9 * kHour && t < 10 * kHour; },
          [](auto t) { return t < 10 * kHour; }, 800.0);
  history(empty, 8 * kHour, 20 * kHour, [](auto) { return false; }, [](auto) { return false; });
  auto v = get("/api/admin/analytics/utilization?" + kDay, admin_).json();
  auto m = room_figures(v, metered).at("energy");
  EXPECT_EQ(m.at("load_source").as_string(), "measured");
  EXPECT_NEAR(num(m, "saved_kwh"), 0.8 * 10, 0.01) << "10 h at the measured 800 W, not the rated 5 kW";
  auto e = room_figures(v, empty);
  EXPECT_EQ(num(e.at("energy"), "saved_kwh"), 0.0);
  EXPECT_EQ(num(e, "frequency"), 0.0);
  auto sizing = v.at("right_sizing").as_array();
  EXPECT_TRUE(std::any_of(sizing.begin(), sizing.end(), [&](const json::value& s) {
    return s.at("kind").as_string() == "room_rarely_used" && s.at("id").as_int64() == empty;
  })) << v.at("right_sizing");
}

TEST_P(AnalyticsTest, ReportsCarryingAMeasuredLoadAreStored) {
  auto n = make_node("A101", "node-1");
  std::vector<ts::Header> headers{{"X-Device-ID", n.device_id}, {"X-API-Key", n.api_key}};
  auto r = ts::http(port(), "POST", "/api/esp/status",
                    json::serialize(json::object{{"device_id", n.device_id}, {"is_occupied", true}, {"is_power_on", true},
                                                 {"power_w", 640.5}, {"energy_wh", 12345}}),
                    headers);
  ASSERT_EQ(r.status, 200) << r.body;
  for (int i = 0; i < 50 && ts::sql(db_, "SELECT COUNT(*) FROM status_logs") != "1"; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(ts::sql(db_, "SELECT power_w FROM status_logs"), "640.5");
  for (auto bad : {json::value(-1), json::value("600"), json::value(1e9)}) {
    auto refused = ts::http(port(), "POST", "/api/esp/status",
                            json::serialize(json::object{{"device_id", n.device_id}, {"is_occupied", true},
                                                         {"is_power_on", true}, {"power_w", bad}}),
                            headers);
    EXPECT_EQ(refused.status, 400) << refused.body;
  }
  EXPECT_EQ(ts::sql(db_, "SELECT COUNT(*) FROM status_logs"), "1") << "nothing refused was stored";
}

TEST_P(AnalyticsTest, BuildingsRefuseBadInputAndChangeNothing) {
  EXPECT_EQ(count("/api/admin/buildings"), 1u) << "existing rooms live in the default building";
  auto b = building("Science", "Mo-Fr 07:30-22:00; Sa 09:00-13:00");
  auto listed = get("/api/staff/buildings", staff_);
  ASSERT_EQ(listed.status, 200);
  EXPECT_NE(listed.body.find("Mo-Fr 07:30-22:00; Sa 09:00-13:00"), std::string::npos);
  for (auto hours : {"", "Mo-Fr 8-20", "Xx 08:00-10:00", "Mo 20:00-08:00", "'; DROP TABLE buildings; --"}) {
    auto r = put(fmt::format("/api/admin/buildings/{}", b), json::object{{"opening_hours", hours}}, admin_);
    EXPECT_EQ(r.status, 400) << hours << ": " << r.body;
  }
  EXPECT_EQ(post("/api/admin/buildings", json::object{{"name", "Science"}}, admin_).status, 409);
  EXPECT_EQ(post("/api/admin/buildings", json::object{{"name", 7}}, admin_).status, 400);
  EXPECT_EQ(post("/api/admin/buildings", json::object{{"name", "X"}}, staff_).status, 403);
  EXPECT_EQ(post("/api/admin/classrooms", json::object{{"name", "Nowhere"}, {"building_id", 999}}, admin_).status, 404);
  EXPECT_EQ(count("/api/admin/classrooms"), 0u);
  auto r = room("S1", b, 1000);
  EXPECT_EQ(del(fmt::format("/api/admin/buildings/{}", b), admin_).status, 409) << "it has a room";
  EXPECT_EQ(ts::sql(db_, fmt::format("SELECT opening_hours FROM buildings WHERE id = {}", b)),
            "Mo-Fr 07:30-22:00; Sa 09:00-13:00");
  ASSERT_EQ(del(fmt::format("/api/admin/classrooms/{}", r), admin_).status, 200);
  EXPECT_EQ(del(fmt::format("/api/admin/buildings/{}", b), admin_).status, 200);
  EXPECT_EQ(del(fmt::format("/api/admin/buildings/{}", b), admin_).status, 404);
}

CLASSROOM_INSTANTIATE(AnalyticsTest);
