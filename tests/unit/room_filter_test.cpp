// Which rooms a free-room search lists, and the spelling of attribute keys.
#include "domain/room_filter.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace classroom {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

Classroom room(int capacity, std::int64_t building, std::vector<std::string> attributes) {
  Classroom c;
  c.capacity = capacity;
  c.building_id = building;
  c.attributes = std::move(attributes);
  return c;
}

TEST(RoomFilter, NoFilterListsEveryRoom) {
  EXPECT_TRUE(room_matches(room(0, 1, {}), {}));
}

TEST(RoomFilter, CapacityIsAMinimum) {
  RoomFilter f{.min_capacity = 30};
  EXPECT_TRUE(room_matches(room(30, 1, {}), f));
  EXPECT_TRUE(room_matches(room(31, 1, {}), f));
  EXPECT_FALSE(room_matches(room(29, 1, {}), f));
}

TEST(RoomFilter, BuildingMustBeTheOneAskedFor) {
  RoomFilter f{.building_id = 2};
  EXPECT_TRUE(room_matches(room(10, 2, {}), f));
  EXPECT_FALSE(room_matches(room(10, 1, {}), f));
  Classroom nowhere;
  EXPECT_FALSE(room_matches(nowhere, f));
}

TEST(RoomFilter, EveryAttributeAskedForIsRequired) {
  RoomFilter f{.attributes = {"projector", "hearing-loop"}};
  EXPECT_TRUE(room_matches(room(10, 1, {"hearing-loop", "projector", "step-free"}), f));
  EXPECT_FALSE(room_matches(room(10, 1, {"projector"}), f));
  EXPECT_FALSE(room_matches(room(10, 1, {}), f));
}

TEST(RoomFilter, AllFiltersTogether) {
  RoomFilter f{.min_capacity = 20, .building_id = 1, .attributes = {"projector"}};
  EXPECT_TRUE(room_matches(room(20, 1, {"projector"}), f));
  EXPECT_FALSE(room_matches(room(19, 1, {"projector"}), f));
  EXPECT_FALSE(room_matches(room(20, 2, {"projector"}), f));
  EXPECT_FALSE(room_matches(room(20, 1, {"lab-benches"}), f));
}

TEST(AttributeKey, LowercaseLettersDigitsDashAndUnderscore) {
  EXPECT_TRUE(valid_attribute_key("projector"));
  EXPECT_TRUE(valid_attribute_key("step-free"));
  EXPECT_TRUE(valid_attribute_key("lab_benches2"));
  EXPECT_FALSE(valid_attribute_key(""));
  EXPECT_FALSE(valid_attribute_key("Projector"));
  EXPECT_FALSE(valid_attribute_key("2nd-screen"));
  EXPECT_FALSE(valid_attribute_key("hearing loop"));
  EXPECT_FALSE(valid_attribute_key("a,b"));
  EXPECT_FALSE(valid_attribute_key(std::string(41, 'a')));
  EXPECT_TRUE(valid_attribute_key(std::string(40, 'a')));
}

TEST(AttributeKey, CommaListIsTrimmedWithoutEmptiesOrRepeats) {
  EXPECT_THAT(split_keys(" projector, hearing-loop ,,projector,"), ElementsAre("projector", "hearing-loop"));
  EXPECT_THAT(split_keys(""), IsEmpty());
  EXPECT_THAT(split_keys(" , "), IsEmpty());
}

}  // namespace
}  // namespace classroom
