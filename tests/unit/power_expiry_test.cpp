#include "services/power.hpp"

#include <gtest/gtest.h>

using namespace classroom;

namespace {
constexpr std::int64_t kNow = 1'800'000'000;
BookingSpan span(std::int64_t start, std::int64_t end, std::int64_t id = 1) { return {id, 1, 1, start, end}; }
}  // namespace

TEST(OverrideExpiry, AnAdminOverrideEndsWhereTheNextBookingBegins) {
  PowerRequest req;
  req.power_on = false;
  EXPECT_EQ(override_expiry(req, kNow, 60, std::nullopt, std::nullopt), kNow + 3600) << "the default";
  EXPECT_EQ(override_expiry(req, kNow, 60, std::nullopt, span(kNow + 600, kNow + 4000)), kNow + 600);
  req.hold_through_bookings = true;
  EXPECT_EQ(override_expiry(req, kNow, 60, std::nullopt, span(kNow + 600, kNow + 4000)), kNow + 3600)
      << "unless the admin says otherwise";
}

TEST(OverrideExpiry, AnOverrideDuringABookingNeverOutlivesIt) {
  PowerRequest req;
  EXPECT_EQ(override_expiry(req, kNow, 60, span(kNow - 60, kNow + 900), std::nullopt), kNow + 900);
  req.duration_min = 120;
  EXPECT_EQ(override_expiry(req, kNow, 60, span(kNow - 60, kNow + 900), std::nullopt), kNow + 900);
  req.duration_min = 5;
  EXPECT_EQ(override_expiry(req, kNow, 60, span(kNow - 60, kNow + 900), std::nullopt), kNow + 300);
}
