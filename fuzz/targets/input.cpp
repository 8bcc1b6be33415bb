// JSON request bodies through classroom::Input: HttpError is the only exception that
// may escape, and what an accessor returns respects the limits it was given.
#include "check.hpp"
#include "domain/errors.hpp"
#include "http/input.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

using classroom::HttpError;
using classroom::Input;

namespace {

// Field names the handlers read (api/*.cpp, SPEC.md).
const char* const kFields[] = {
    "name", "location", "capacity", "esp_device_id", "username", "password", "email", "role",
    "power_on", "is_occupied", "is_power_on", "last_movement", "temperature", "timestamp",
    "classroom_id", "start_time", "end_time", "title", "description", "device_id", "mac_address",
    "api_key", "firmware_version", "reason", "seq", "reports", "subject", "message",
    "message_type", "is_active", "idle_timeout_s", "power_off_delay_s", "rated_watts",
    "sensor_ok", "power_w", "energy_wh", "rssi", "uptime_s", "duration_minutes", ""};

void exercise(const Input& in, std::string_view f) {
  bool has = false;
  only_throws<HttpError>("Input::has", [&] { has = in.has(f); });
  only_throws<HttpError>("Input::str", [&] {
    auto s = in.str(f);
    FUZZ_CHECK(!s.empty() && s.size() <= 255, "str returned %zu bytes", s.size());
    FUZZ_CHECK(has, "str returned a value for an absent field");
  });
  only_throws<HttpError>("Input::str(8)", [&] {
    auto s = in.str(f, 8);
    FUZZ_CHECK(s.size() <= 8, "str(max 8) returned %zu bytes", s.size());
  });
  only_throws<HttpError>("Input::opt_str", [&] {
    auto s = in.opt_str(f, 64);
    FUZZ_CHECK(!s || s->size() <= 64, "opt_str(max 64) returned %zu bytes", s->size());
    FUZZ_CHECK(s.has_value() == has, "opt_str and has disagree");
  });
  only_throws<HttpError>("Input::boolean", [&] { (void)in.boolean(f); });
  only_throws<HttpError>("Input::opt_bool", [&] {
    auto b = in.opt_bool(f);
    FUZZ_CHECK(b.has_value() == has, "opt_bool and has disagree");
  });
  only_throws<HttpError>("Input::integer", [&] {
    auto n = in.integer(f, 0, 3600);
    FUZZ_CHECK(n >= 0 && n <= 3600, "integer(0..3600) returned %lld", (long long)n);
  });
  only_throws<HttpError>("Input::opt_int(full)", [&] {
    (void)in.opt_int(f, std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max());
  });
  only_throws<HttpError>("Input::opt_int(1..10000)", [&] {
    auto n = in.opt_int(f, 1, 10000);
    FUZZ_CHECK(!n || (*n >= 1 && *n <= 10000), "opt_int(1..10000) returned %lld", (long long)*n);
  });
  only_throws<HttpError>("Input::opt_number", [&] {
    auto d = in.opt_number(f, -50.0, 150.0);
    FUZZ_CHECK(!d || (std::isfinite(*d) && *d >= -50.0 && *d <= 150.0), "opt_number returned %g", *d);
  });
  only_throws<HttpError>("Input::opt_number(full)", [&] {
    auto d = in.opt_number(f, -std::numeric_limits<double>::max(), std::numeric_limits<double>::max());
    FUZZ_CHECK(!d || std::isfinite(*d), "opt_number returned %g", *d);
  });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view body(reinterpret_cast<const char*>(data), size);
  // The query-string reader and the e-mail check see the same bytes.
  only_throws<HttpError>("query_int", [&] {
    auto n = classroom::query_int(std::string(body), "page", 1, 1, 1000);
    FUZZ_CHECK(n >= 1 && n <= 1000, "query_int returned %lld", (long long)n);
  });
  (void)classroom::looks_like_email(body);

  std::optional<Input> in;
  if (!only_throws<HttpError>("Input(body)", [&] { in.emplace(body); })) return 0;
  for (const char* f : kFields) exercise(*in, f);
  // And every field the body itself names (at most a few, to stay fast).
  std::vector<std::string> keys;
  for (const auto& kv : in->object()) {
    if (keys.size() == 8) break;
    keys.emplace_back(kv.key());
  }
  for (const auto& k : keys) exercise(*in, k);
  return 0;
}
