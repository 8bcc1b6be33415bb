#include <gtest/gtest.h>

#include "relay_policy.hpp"

namespace fw {
namespace {

struct Case {
  const char* name;
  RelayInputs in;
  std::optional<bool> expect;  // switch to, or stay
};

RelayInputs base() {
  RelayInputs in;
  in.now = minutes(30);
  in.relay_on = true;
  in.idle_since = 0;
  in.last_contact = 0;
  return in;
}

TEST(RelayPolicy, DecisionTable) {
  Config c;  // offline_power_off_s = 900
  auto with = [](auto f) { RelayInputs in = base(); f(in); return in; };
  const Case cases[] = {
      {"server says off", with([](auto& i) { i.server_power_on = false; }), false},
      {"server says on", with([](auto& i) { i.server_power_on = true; }), std::nullopt},
      {"server switches back on", with([](auto& i) { i.relay_on = false; i.server_power_on = true; }), true},
      {"server off even occupied (manual)", with([](auto& i) { i.server_power_on = false; i.occupied = true; }), false},
      {"faulted sensor: server's idle cut refused", with([](auto& i) { i.server_power_on = false; i.server_idle_cut = true; i.sensor_faulty = true; }), std::nullopt},
      {"faulted sensor: power back after an idle cut", with([](auto& i) { i.relay_on = false; i.server_power_on = false; i.server_idle_cut = true; i.sensor_faulty = true; }), true},
      {"faulted sensor: manual off still obeyed", with([](auto& i) { i.server_power_on = false; i.sensor_faulty = true; }), false},
      {"healthy sensor: server's idle cut obeyed", with([](auto& i) { i.server_power_on = false; i.server_idle_cut = true; }), false},
      {"offline occupied stays on", with([](auto& i) { i.occupied = true; }), std::nullopt},
      {"offline booked stays on", with([](auto& i) { i.booked = true; }), std::nullopt},
      {"offline faulty sensor stays on", with([](auto& i) { i.sensor_faulty = true; }), std::nullopt},
      {"offline idle long enough goes off", base(), false},
      {"offline idle but contact recent", with([](auto& i) { i.last_contact = minutes(20); }), std::nullopt},
      {"offline contact old but movement recent", with([](auto& i) { i.idle_since = minutes(25); }), std::nullopt},
      {"offline off and someone enters", with([](auto& i) { i.relay_on = false; i.occupied = true; }), true},
      {"offline off and empty stays off", with([](auto& i) { i.relay_on = false; }), std::nullopt},
  };
  for (const auto& k : cases) {
    auto d = decide_relay(k.in, c);
    if (!k.expect) {
      EXPECT_FALSE(d) << k.name;
    } else {
      ASSERT_TRUE(d) << k.name;
      EXPECT_EQ(d->on, *k.expect) << k.name;
    }
  }
}

TEST(RelayPolicy, LocalDecisionsAreLoggedAsFailsafe) {
  auto d = decide_relay(base(), Config{});
  ASSERT_TRUE(d);
  EXPECT_EQ(d->reason, PowerReason::Failsafe);
}

}  // namespace
}  // namespace fw
