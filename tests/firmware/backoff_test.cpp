#include <gtest/gtest.h>

#include <vector>

#include "backoff.hpp"

namespace fw {
namespace {

TEST(Backoff, GrowsExponentiallyWithJitterUpToTheCap) {
  Backoff b(1000, 60000, 1);
  Millis step = 1000;
  for (int i = 0; i < 12; ++i) {
    const Millis d = b.next_delay();
    EXPECT_GE(d, step / 2) << i;
    EXPECT_LE(d, step) << i;
    step = std::min<Millis>(step * 2, 60000);
  }
  for (int i = 0; i < 100; ++i) EXPECT_LE(b.next_delay(), 60000);
}

TEST(Backoff, SameSeedGivesSameDelaysAndNodesDiffer) {
  Backoff a(1000, 60000, seed_from("room-1")), b(1000, 60000, seed_from("room-1")),
      c(1000, 60000, seed_from("room-2"));
  std::vector<Millis> da, db, dc;
  for (int i = 0; i < 8; ++i) {
    da.push_back(a.next_delay());
    db.push_back(b.next_delay());
    dc.push_back(c.next_delay());
  }
  EXPECT_EQ(da, db);
  EXPECT_NE(da, dc);
}

TEST(Backoff, ResetStartsOverFromTheInitialDelay) {
  Backoff b(1000, 60000, 9);
  for (int i = 0; i < 10; ++i) b.next_delay();
  b.reset();
  EXPECT_LE(b.next_delay(), 1000);
}

}  // namespace
}  // namespace fw
