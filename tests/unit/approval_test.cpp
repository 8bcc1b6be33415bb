#include "domain/approval.hpp"

#include <gtest/gtest.h>

using namespace classroom;

namespace {

ApprovalGate north_room(bool room_flag, bool building_flag) { return {room_flag, building_flag, "N101", "North"}; }

}  // namespace

TEST(ApprovalStateMachine, APendingRequestIsApprovedDeclinedOrLapsesAndNothingElseMoves) {
  EXPECT_EQ(after(BookingStatus::pending, ApprovalStep::approve), BookingStatus::confirmed);
  EXPECT_EQ(after(BookingStatus::pending, ApprovalStep::decline), BookingStatus::declined);
  EXPECT_EQ(after(BookingStatus::pending, ApprovalStep::lapse), BookingStatus::lapsed);
  for (auto from : {BookingStatus::confirmed, BookingStatus::cancelled, BookingStatus::released,
                    BookingStatus::completed, BookingStatus::declined, BookingStatus::lapsed})
    for (auto step : {ApprovalStep::approve, ApprovalStep::decline, ApprovalStep::lapse})
      EXPECT_FALSE(after(from, step)) << status_name(from);
}

TEST(ApprovalStateMachine, ARequestLapsesOnceItsStartComesUndecided) {
  EXPECT_FALSE(lapses(BookingStatus::pending, 1000, 999));
  EXPECT_TRUE(lapses(BookingStatus::pending, 1000, 1000));
  EXPECT_FALSE(lapses(BookingStatus::confirmed, 1000, 5000));
}

TEST(Approval, ABookingIsARequestWhereApprovalIsRequiredAndTheBookerCannotApprove) {
  Approver staff{7, Role::staff, {}};
  EXPECT_EQ(status_for_new(staff, north_room(false, false)), BookingStatus::confirmed);
  EXPECT_EQ(status_for_new(staff, north_room(true, false)), BookingStatus::pending);
  EXPECT_EQ(status_for_new(staff, north_room(false, true)), BookingStatus::pending);
  EXPECT_EQ(status_for_new({1, Role::admin, {}}, north_room(true, true)), BookingStatus::confirmed);
  EXPECT_EQ(status_for_new({8, Role::staff, {"building/North"}}, north_room(true, false)), BookingStatus::confirmed);
  EXPECT_EQ(status_for_new({8, Role::staff, {"room/N101"}}, north_room(false, true)), BookingStatus::confirmed);
  EXPECT_EQ(status_for_new({8, Role::staff, {"building/South", "room/N1"}}, north_room(true, true)),
            BookingStatus::pending);
}

TEST(Approval, NobodyDecidesTheirOwnRequestNorOneOutsideTheirScopes) {
  auto gate = north_room(false, true);
  Approver northie{8, Role::staff, {"building/North"}};
  EXPECT_FALSE(decision_refused(northie, 7, gate));
  auto own = decision_refused(northie, 8, gate);
  ASSERT_TRUE(own);
  EXPECT_NE(own->find("approval.self"), std::string::npos) << *own;
  auto elsewhere = decision_refused({9, Role::staff, {"building/South", "room/N1"}}, 7, gate);
  ASSERT_TRUE(elsewhere);
  EXPECT_NE(elsewhere->find("approval.scope"), std::string::npos) << *elsewhere;
  EXPECT_FALSE(decision_refused({1, Role::admin, {}}, 7, gate)) << "admins decide anything";
  EXPECT_FALSE(decision_refused({9, Role::staff, {"room/N101"}}, std::nullopt, gate));
  EXPECT_TRUE(decision_refused({9, Role::staff, {"building/"}}, 7, ApprovalGate{true, false, "Lone", ""}))
      << "a room in no building is approved for by its room scope only";
}

TEST(Approval, AnEditedTimeOrRoomAsksAgainAndANewTitleKeepsTheStatus) {
  Approver staff{7, Role::staff, {}};
  EXPECT_EQ(status_after_edit(BookingStatus::confirmed, false, staff, north_room(true, false)), BookingStatus::confirmed);
  EXPECT_EQ(status_after_edit(BookingStatus::pending, false, staff, north_room(false, false)), BookingStatus::pending);
  EXPECT_EQ(status_after_edit(BookingStatus::confirmed, true, staff, north_room(true, false)), BookingStatus::pending);
  EXPECT_EQ(status_after_edit(BookingStatus::pending, true, staff, north_room(false, false)), BookingStatus::confirmed);
  EXPECT_EQ(status_after_edit(BookingStatus::confirmed, true, {8, Role::staff, {"building/North"}}, north_room(false, true)),
            BookingStatus::confirmed);
}
