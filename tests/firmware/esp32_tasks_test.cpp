// The shell's tasks: the control task never waits on the network, every task is on
// the watchdog, and a boot loop ends in safe mode.
#include <gtest/gtest.h>

#include <esp_system.h>

#include "boot_guard.hpp"
#include "net_budget.hpp"
#include "shell_rig.hpp"

namespace {

using shell_test::HttpAnswer;
using shell_test::HttpCall;
using shell_test::kPeriodUs;
using shell_test::Shell;

TEST_F(Shell, EveryTaskRunsOnTheWatchdogWhichIsReconfiguredForArduino3) {
  boot();
  EXPECT_EQ(s.watchdog_timeout_ms, fw::kWatchdogMs);
  ASSERT_EQ(s.tasks, (std::vector<std::string>{"control", "network", "commands"}));
  for (auto* body : s.task_bodies) {
    const int resets = s.watchdog_resets;
    s.task_rounds = 3;
    EXPECT_THROW(body(nullptr), arduino_stub::TaskStopped);
    EXPECT_GE(s.watchdog_resets - resets, 3);  // each round feeds the watchdog
  }
  s.task_rounds = -1;
  EXPECT_EQ(s.watchdog_tasks, 3);  // each task subscribed itself
}

TEST_F(Shell, TheTlsHandshakeIsBoundedLikeEveryOtherPhase) {
  // The default config's worst call fits half the watchdog; the console refuses more.
  EXPECT_TRUE(fw::fits_watchdog(fw::Config{}));
  boot();
  EXPECT_NE(type("set http_timeout_ms 20000").find("refused"), std::string::npos);
}

TEST_F(Shell, ASixtySecondNetworkStallNeverDelaysARelayDecision) {
  boot();
  server_power_on = false;
  run_ms(2000);
  ASSERT_EQ(relay_pin(), board::kCoilForPowerOff);

  // The next report hangs for 60 s (a black-holed TLS path). Meanwhile the scheduler
  // keeps running the control and commands tasks, and an admin switches power on.
  bool stalled = false;
  std::int64_t command_at = -1, relay_on_at = -1, samples = 0;
  s.pulse = [&](uint8_t) { ++samples; return 350ul * 58; };
  s.http = [&](const HttpCall& c) -> HttpAnswer {
    const bool status = c.url.find("/api/esp/status") != std::string::npos;
    if (status && !stalled) {
      stalled = true;
      const auto until = s.now_us + 60'000'000;
      while (s.now_us < until) {
        const auto next = s.now_us + kPeriodUs;
        shell::control_step();
        shell::poll_step();
        if (relay_on_at < 0 && relay_pin() == board::kCoilForPowerOn) relay_on_at = s.now_us;
        if (s.now_us < next) s.now_us = next;
      }
      return {-11, "", {}};  // read timeout
    }
    if (c.url.find("/api/esp/commands") != std::string::npos && stalled && command_at < 0 &&
        s.now_us >= 5'000'000 + 2'000'000) {
      command_at = s.now_us;
      return {200, R"({"commands":[{"id":41,"power_on":true}]})", {}};
    }
    return answer(c);
  };
  run_ms(130'000);  // the next report falls due and stalls
  ASSERT_TRUE(stalled);
  ASSERT_GE(command_at, 0);
  ASSERT_GE(relay_on_at, 0);
  EXPECT_LE(relay_on_at - command_at, 2 * kPeriodUs);  // the next control round, not 60 s later
  EXPECT_GE(samples, 590);                             // sensing went on through the stall
}

void crash_boots(Shell& t, int n) {
  for (int i = 0; i < n; ++i) {
    t.s.reset_reason = ESP_RST_TASK_WDT;
    setup();
    t.run_ms(10'000);  // dies again before the boot proves stable
  }
}

TEST_F(Shell, ABootLoopEndsInSafeModeWithPowerOnAndOnlyTheNetwork) {
  server_power_on = false;
  boot();
  run_ms(1000);  // the first boot dies soon too: that is the first crash
  crash_boots(*this, fw::kSafeModeAfter - 1);
  ASSERT_FALSE(shell::in_safe_mode());
  s.reset_reason = ESP_RST_TASK_WDT;
  setup();
  ASSERT_TRUE(shell::in_safe_mode());
  EXPECT_NE(s.serial_out.find("safe mode"), std::string::npos);
  int pulses = 0;
  s.pulse = [&](uint8_t) { ++pulses; return 350ul * 58; };
  s.http_calls.clear();
  run_ms(5 * 60'000);
  EXPECT_EQ(relay_pin(), board::kCoilForPowerOn);  // the server says off, safe mode keeps power
  EXPECT_EQ(pulses, 0);                            // no sensing
  ASSERT_FALSE(s.http_calls.empty());
  for (const auto& c : s.http_calls) EXPECT_NE(c.url.find("/api/esp/heartbeat"), std::string::npos) << c.url;
  // After a while it tries a normal boot again, with the count cleared.
  EXPECT_THROW(run_ms(10 * 60'000), arduino_stub::RestartRequested);
  EXPECT_EQ(s.nvs["classroom/unstable_boots"], "0");
}

TEST_F(Shell, ABootThatLastsAMinuteClearsTheCrashCount) {
  boot();
  crash_boots(*this, fw::kSafeModeAfter - 2);
  s.reset_reason = ESP_RST_PANIC;
  setup();
  run_ms(fw::kStableAfter + 1000);
  EXPECT_EQ(s.nvs["classroom/unstable_boots"], "0");
  crash_boots(*this, 1);
  s.reset_reason = ESP_RST_PANIC;
  setup();
  EXPECT_FALSE(shell::in_safe_mode());
}

TEST_F(Shell, PowerCutsInARowAreNoBootLoop) {
  boot();
  for (int i = 0; i < 2 * fw::kSafeModeAfter; ++i) {
    s.reset_reason = ESP_RST_POWERON;
    setup();
    run_ms(5000);
  }
  EXPECT_FALSE(shell::in_safe_mode());
}

TEST(BootGuard, CountsCrashesInARowAndForgetsThemOnACleanStart) {
  EXPECT_EQ(fw::on_boot(0, fw::ResetKind::Crash).store_now, 1);
  EXPECT_FALSE(fw::on_boot(fw::kSafeModeAfter - 1, fw::ResetKind::Crash).safe_mode);
  const auto v = fw::on_boot(fw::kSafeModeAfter, fw::ResetKind::Crash);
  EXPECT_TRUE(v.safe_mode);
  EXPECT_EQ(v.store_now, fw::kSafeModeAfter);
  EXPECT_FALSE(fw::on_boot(50, fw::ResetKind::PowerOn).safe_mode);
  EXPECT_EQ(fw::on_boot(50, fw::ResetKind::Clean).store_now, 1);
  EXPECT_FALSE(fw::boot_proved_stable(fw::kStableAfter - 1));
  EXPECT_TRUE(fw::boot_proved_stable(fw::kStableAfter));
}

}  // namespace
