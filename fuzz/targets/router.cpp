// The router over arbitrary method/path pairs: HttpError (404, 405) is the only
// exception; a match is for the method asked, its parameters are the pattern's, and
// methods_for agrees with match.
#include "check.hpp"
#include "domain/errors.hpp"
#include "http/router.hpp"

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

using namespace classroom;

namespace {

// The real table's patterns (server/src/api/*.cpp), one handler each.
const char* const kRoutes[][2] = {
    {"GET", "/healthz"}, {"GET", "/readyz"}, {"GET", "/api/config"},
    {"POST", "/api/auth/login"}, {"POST", "/api/auth/register"}, {"GET", "/api/auth/me"},
    {"POST", "/api/auth/change-password"},
    {"GET", "/api/admin/users"}, {"POST", "/api/admin/users"}, {"PUT", "/api/admin/users/{id}"},
    {"DELETE", "/api/admin/users/{id}"},
    {"GET", "/api/admin/devices"}, {"POST", "/api/admin/devices"}, {"GET", "/api/admin/devices/status"},
    {"PUT", "/api/admin/devices/{device_id}"}, {"DELETE", "/api/admin/devices/{device_id}"},
    {"POST", "/api/admin/devices/{device_id}/rotate-key"},
    {"GET", "/api/admin/devices/{device_id}/status-logs"},
    {"GET", "/api/admin/classrooms"}, {"POST", "/api/admin/classrooms"},
    {"PUT", "/api/admin/classrooms/{id}"}, {"DELETE", "/api/admin/classrooms/{id}"},
    {"POST", "/api/admin/classrooms/{id}/device"}, {"DELETE", "/api/admin/classrooms/{id}/device"},
    {"GET", "/api/admin/classrooms/{id}/power-logs"},
    {"POST", "/api/admin/classrooms/{id}/calendar-link/reset"},
    {"POST", "/api/admin/power/{classroom_id}"}, {"DELETE", "/api/admin/power/{classroom_id}"},
    {"POST", "/api/staff/power/{classroom_id}"},
    {"GET", "/api/staff/bookings"}, {"POST", "/api/staff/bookings"}, {"GET", "/api/staff/classrooms"},
    {"GET", "/api/staff/booking-series/{id}"}, {"DELETE", "/api/staff/booking-series/{id}"},
    {"PUT", "/api/admin/booking-series/{id}"}, {"GET", "/api/calendar/{file}"},
    {"POST", "/api/contact"}, {"GET", "/api/admin/contact-messages"},
    {"PUT", "/api/admin/contact-messages/{id}"},
};
const char* const kAsync[][2] = {
    {"POST", "/api/esp/status"}, {"POST", "/api/esp/status/batch"}, {"POST", "/api/esp/heartbeat"},
    {"POST", "/api/esp/power-log"}, {"GET", "/api/esp/commands"},
};

const Router& router() {
  static const Router r = [] {
    Router r;
    for (auto& [m, p] : kRoutes) r.add(m, p, Access::admin, [](Request&) { return Response{}; });
    for (auto& [m, p] : kAsync) r.add_async(m, p, Access::device, [](RequestPtr, Reply) {});
    return r;
  }();
  return r;
}

std::size_t param_count(const std::string& pattern) { return std::count(pattern.begin(), pattern.end(), '{'); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  // "METHOD PATH": the first space splits them (none: GET of the whole input).
  auto sp = in.find(' ');
  std::string_view method = sp == std::string_view::npos ? std::string_view("GET") : in.substr(0, sp);
  std::string_view path = sp == std::string_view::npos ? in : in.substr(sp + 1);

  const auto& r = router();
  std::vector<std::string> methods;
  only_throws<HttpError>("methods_for", [&] { methods = r.methods_for(path); });
  try {
    auto m = r.match(method, path);
    FUZZ_CHECK(m.route != nullptr, "a match without a route");
    FUZZ_CHECK(m.route->method == method, "matched %s for %.*s", m.route->method.c_str(), int(method.size()),
               method.data());
    FUZZ_CHECK(m.params.size() == param_count(m.route->pattern), "%zu params for %s", m.params.size(),
               m.route->pattern.c_str());
    FUZZ_CHECK(std::find(methods.begin(), methods.end(), std::string(method)) != methods.end(),
               "match found %s but methods_for does not list it", m.route->pattern.c_str());
  } catch (const HttpError& e) {
    FUZZ_CHECK(e.status() == 404 || e.status() == 405, "router threw status %d", e.status());
    if (e.status() == 404) FUZZ_CHECK(methods.empty(), "404 but methods_for lists %zu", methods.size());
    if (e.status() == 405) {
      FUZZ_CHECK(!methods.empty(), "405 but methods_for is empty");
      FUZZ_CHECK(!e.headers.empty() && e.headers[0].first == "Allow" && !e.headers[0].second.empty(),
                 "405 without an Allow header");
    }
  } catch (const std::exception& e) {
    fuzz_unexpected("Router::match", &e);
  }
  return 0;
}
