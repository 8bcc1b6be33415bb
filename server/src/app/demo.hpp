#pragma once
// The demo campus `make run` starts with: accounts, rooms and linked nodes whose
// credentials go to var/ (0600) for the person and for classroom-sim.
#include "app/config.hpp"

namespace classroom {

struct DemoOptions {
  int rooms = 30;
  int history_weeks = 6;  // a term already lived (0: an empty campus)
  int raw_days = 7;       // of it, the most recent days as raw reports (older: hourly roll-ups)
};

// Seeds an empty database; on a seeded one only reports where the logins are.
int seed_demo(const Config& cfg, const DemoOptions& opts);

}  // namespace classroom
