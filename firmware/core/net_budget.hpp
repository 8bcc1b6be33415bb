#pragma once
// How long one network call can block the network task at worst, against the task
// watchdog. The control task never waits on the network; the network tasks are on
// the watchdog too, so every call must end well before it fires.
#include <cstdint>

#include "clock.hpp"
#include "config.hpp"

namespace fw {

inline constexpr Millis kWatchdogMs = seconds(120);
// A host name lookup is bounded by lwIP's DNS retries (Arduino-ESP32: about 16 s);
// an IP-literal server_url skips it.
inline constexpr Millis kDnsWorstMs = seconds(16);
// Beyond the long-poll's wait the server may take this long to answer.
inline constexpr Millis kPollMarginMs = seconds(5);

// connect, TLS handshake and read are each bounded by http_timeout_ms.
constexpr Millis worst_report_call_ms(const Config& c) { return kDnsWorstMs + 3 * Millis{c.http_timeout_ms}; }
// The long-poll reads for its wait plus a margin.
constexpr Millis poll_read_timeout_ms(const Config& c) { return seconds(c.command_wait_s) + kPollMarginMs; }
constexpr Millis worst_poll_call_ms(const Config& c) {
  return kDnsWorstMs + 2 * Millis{c.http_timeout_ms} + poll_read_timeout_ms(c);
}
// Every call ends within half the watchdog.
constexpr bool fits_watchdog(const Config& c) {
  return 2 * worst_report_call_ms(c) <= kWatchdogMs && 2 * worst_poll_call_ms(c) <= kWatchdogMs;
}

}  // namespace fw
