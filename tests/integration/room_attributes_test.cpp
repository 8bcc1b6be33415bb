// Room attributes as the admins' vocabulary, a room's floor and attributes, and the
// free-room search by capacity, building and attributes.
#include "booking_fixture.hpp"

#include <algorithm>

class RoomAttributesTest : public BookingTest {
 protected:
  std::int64_t attribute(const std::string& key, const std::string& label) {
    auto r = post("/api/admin/room-attributes", json::object{{"key", key}, {"label", label}}, admin_);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().at("id").as_int64();
  }
  std::int64_t building(const std::string& name) {
    auto r = post("/api/admin/buildings", json::object{{"name", name}}, admin_);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().at("id").as_int64();
  }
  std::int64_t room_with(const std::string& name, int capacity, json::array attributes,
                         std::optional<std::int64_t> building_id = std::nullopt) {
    json::object body{{"name", name}, {"capacity", capacity}, {"floor", "2"}, {"attributes", std::move(attributes)}};
    if (building_id) body["building_id"] = *building_id;
    auto r = post("/api/admin/classrooms", body, admin_);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().at("id").as_int64();
  }
  // The names of the rooms the search lists.
  std::vector<std::string> free_rooms(const std::string& filters) {
    auto r = get("/api/staff/free-rooms?start=2027-03-10T10:00&end=2027-03-10T11:00" + filters, staff_);
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<std::string> names;
    auto body = r.status == 200 ? r.json() : json::array{};
    for (const auto& v : body.as_array()) names.push_back(str(v, "name"));
    std::sort(names.begin(), names.end());
    return names;
  }
  json::object room_json(std::int64_t id, const std::string& token) {
    auto list = get(token == admin_ ? "/api/admin/classrooms" : "/api/staff/classrooms", token).json().as_array();  // a copy
    for (const auto& v : list)
      if (v.at("id").as_int64() == id) return v.as_object();
    ADD_FAILURE() << "room " << id << " not listed";
    return {};
  }
};

using Strings = std::vector<std::string>;

TEST_P(RoomAttributesTest, AdminsCreateRenameAndDeleteAttributes) {
  auto id = attribute("projector", "Projector");
  auto list = get("/api/admin/room-attributes", admin_);
  ASSERT_EQ(list.status, 200) << list.body;
  ASSERT_EQ(list.json().as_array().size(), 1u);
  EXPECT_EQ(str(list.json().as_array()[0], "label"), "Projector");
  EXPECT_EQ(get("/api/staff/room-attributes", staff_).json().as_array().size(), 1u) << "staff read it to filter";

  auto renamed = put("/api/admin/room-attributes/" + std::to_string(id),
                     json::object{{"key", "beamer"}, {"label", "Ceiling projector"}}, admin_);
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(str(renamed.json(), "key"), "beamer");
  EXPECT_EQ(str(renamed.json(), "label"), "Ceiling projector");

  EXPECT_EQ(del("/api/admin/room-attributes/" + std::to_string(id), admin_).status, 200);
  EXPECT_EQ(count("/api/admin/room-attributes"), 0u);
  EXPECT_EQ(del("/api/admin/room-attributes/" + std::to_string(id), admin_).status, 404);
}

TEST_P(RoomAttributesTest, BadOrDuplicateAttributesAreRefusedAndChangeNothing) {
  attribute("projector", "Projector");
  struct Case {
    json::object body;
    int status;
    const char* field;
  } cases[] = {
      {{{"label", "No key"}}, 400, "key"},
      {{{"key", "Hearing Loop"}, {"label", "Hearing loop"}}, 400, "key"},
      {{{"key", "hearing-loop"}}, 400, "label"},
      {{{"key", "projector"}, {"label", "Again"}}, 409, "key"},
  };
  for (const auto& c : cases) {
    auto r = post("/api/admin/room-attributes", c.body, admin_);
    EXPECT_EQ(r.status, c.status) << json::serialize(c.body) << " " << r.body;
    EXPECT_EQ(r.json().at("field").as_string(), c.field) << r.body;
  }
  EXPECT_EQ(count("/api/admin/room-attributes"), 1u);
  EXPECT_EQ(post("/api/admin/room-attributes", json::object{{"key", "x"}, {"label", "X"}}, staff_).status, 403);
}

TEST_P(RoomAttributesTest, DeletingAnAttributeInUseNamesTheRoomsUnlessForced) {
  auto projector = attribute("projector", "Projector");
  auto a101 = room_with("A101", 30, {"projector"});
  room_with("B202", 30, {"projector"});
  auto refused = del("/api/admin/room-attributes/" + std::to_string(projector), admin_);
  ASSERT_EQ(refused.status, 409) << refused.body;
  EXPECT_NE(refused.body.find("A101"), std::string::npos) << refused.body;
  EXPECT_NE(refused.body.find("B202"), std::string::npos) << refused.body;
  EXPECT_EQ(refused.json().at("rooms").as_array().size(), 2u);
  EXPECT_EQ(count("/api/admin/room-attributes"), 1u);
  EXPECT_EQ(room_json(a101, admin_).at("attributes").as_array().size(), 1u);

  ASSERT_EQ(del("/api/admin/room-attributes/" + std::to_string(projector) + "?force=1", admin_).status, 200);
  EXPECT_EQ(count("/api/admin/room-attributes"), 0u);
  EXPECT_EQ(room_json(a101, admin_).at("attributes").as_array().size(), 0u) << "the rooms lose it";
}

TEST_P(RoomAttributesTest, ARoomsFloorAndAttributesRoundTrip) {
  attribute("projector", "Projector");
  attribute("step-free", "Step-free access");
  auto id = room_with("A101", 30, {"step-free", "projector"});
  for (const auto& token : {admin_, staff_}) {
    auto v = room_json(id, token);
    EXPECT_EQ(str(v, "floor"), "2");
    EXPECT_EQ(json::serialize(v.at("attributes")), R"(["projector","step-free"])");
  }
  auto r = put("/api/admin/classrooms/" + std::to_string(id), json::object{{"floor", "Ground"}, {"attributes", json::array{"projector"}}}, admin_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(str(r.json(), "floor"), "Ground");
  EXPECT_EQ(json::serialize(r.json().at("attributes")), R"(["projector"])");
  // Leaving them out changes neither; an empty floor clears it.
  r = put("/api/admin/classrooms/" + std::to_string(id), json::object{{"capacity", 40}}, admin_);
  EXPECT_EQ(json::serialize(r.json().at("attributes")), R"(["projector"])");
  r = put("/api/admin/classrooms/" + std::to_string(id), json::object{{"floor", ""}, {"attributes", json::array{}}}, admin_);
  EXPECT_TRUE(r.json().at("floor").is_null());
  EXPECT_EQ(r.json().at("attributes").as_array().size(), 0u);
}

TEST_P(RoomAttributesTest, AnUnknownAttributeIsNamedAndNothingChanges) {
  attribute("projector", "Projector");
  auto id = room_with("A101", 30, {"projector"});
  auto r = put("/api/admin/classrooms/" + std::to_string(id),
               json::object{{"floor", "5"}, {"attributes", json::array{"projector", "jacuzzi"}}}, admin_);
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.json().at("field").as_string(), "attributes");
  EXPECT_NE(r.body.find("jacuzzi"), std::string::npos) << r.body;
  auto v = room_json(id, admin_);
  EXPECT_EQ(str(v, "floor"), "2");
  EXPECT_EQ(json::serialize(v.at("attributes")), R"(["projector"])");

  auto created = post("/api/admin/classrooms", json::object{{"name", "B1"}, {"attributes", json::array{"jacuzzi"}}}, admin_);
  EXPECT_EQ(created.status, 400) << created.body;
  auto not_list = post("/api/admin/classrooms", json::object{{"name", "B1"}, {"attributes", "projector"}}, admin_);
  EXPECT_EQ(not_list.status, 400) << not_list.body;
  EXPECT_EQ(count("/api/admin/classrooms"), 1u);
}

TEST_P(RoomAttributesTest, FreeRoomsFilterByCapacityBuildingAndAttributes) {
  attribute("projector", "Projector");
  attribute("hearing-loop", "Hearing loop");
  auto north = building("North");
  auto main_id = get("/api/admin/buildings", admin_).json().as_array()[0].at("id").as_int64();
  room_with("Both", 40, {"projector", "hearing-loop"});
  room_with("ProjectorOnly", 40, {"projector"});
  room_with("Small", 10, {"projector", "hearing-loop"});
  room_with("North1", 40, {"projector", "hearing-loop"}, north);
  auto booked = room_with("Booked", 40, {"projector", "hearing-loop"});
  ASSERT_EQ(book(booked, "2027-03-10T09:00", "2027-03-10T12:00", staff_).status, 201);

  EXPECT_EQ(free_rooms(""), (Strings{"Both", "North1", "ProjectorOnly", "Small"}));
  EXPECT_EQ(free_rooms("&attributes=hearing-loop"), (Strings{"Both", "North1", "Small"}));
  EXPECT_EQ(free_rooms("&attributes=projector,hearing-loop"), (Strings{"Both", "North1", "Small"}));
  EXPECT_EQ(free_rooms("&min_capacity=30"), (Strings{"Both", "North1", "ProjectorOnly"}));
  EXPECT_EQ(free_rooms("&building=" + std::to_string(north)), (Strings{"North1"}));
  EXPECT_EQ(free_rooms("&building=" + std::to_string(main_id) + "&min_capacity=30&attributes=projector,hearing-loop"),
            (Strings{"Both"}));
  auto listed = get("/api/staff/free-rooms?start=2027-03-10T10:00&end=2027-03-10T11:00&building=" +
                        std::to_string(north), staff_).json().as_array();
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(str(listed[0], "floor"), "2");
  EXPECT_EQ(listed[0].at("attributes").as_array().size(), 2u);
}

TEST_P(RoomAttributesTest, FreeRoomsNameTheBadParameter) {
  attribute("projector", "Projector");
  const std::string window = "/api/staff/free-rooms?start=2027-03-10T10:00&end=2027-03-10T11:00";
  for (auto [query, field] : {std::pair{"&min_capacity=many", "min_capacity"}, std::pair{"&min_capacity=-1", "min_capacity"},
                              std::pair{"&building=north", "building"}, std::pair{"&building=0", "building"},
                              std::pair{"&building=9999", "building"}, std::pair{"&attributes=jacuzzi", "attributes"},
                              std::pair{"&attributes=projector,jacuzzi", "attributes"}}) {
    auto r = get(window + query, staff_);
    EXPECT_EQ(r.status, 400) << query << " " << r.body;
    EXPECT_EQ(r.json().at("field").as_string(), field) << query << " " << r.body;
  }
}

CLASSROOM_INSTANTIATE(RoomAttributesTest);
