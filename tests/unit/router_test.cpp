#include "http/errors.hpp"
#include "http/router.hpp"

#include <gtest/gtest.h>

using namespace classroom;

namespace {
Router table() {
  Router r;
  auto h = [](Request&) { return Response{}; };
  r.add("GET", "/api/admin/users", Access::admin, h);
  r.add("POST", "/api/admin/users", Access::admin, h);
  r.add("PUT", "/api/admin/users/{id}", Access::admin, h);
  r.add("DELETE", "/api/admin/users/{id}", Access::admin, h);
  r.add("POST", "/api/admin/devices/{device_id}/rotate-key", Access::admin, h);
  r.add("GET", "/healthz", Access::open, h);
  return r;
}
}  // namespace

TEST(Router, MatchesStaticAndParameterisedPaths) {
  auto r = table();
  EXPECT_EQ(r.match("GET", "/api/admin/users").route->method, "GET");
  auto m = r.match("PUT", "/api/admin/users/42");
  EXPECT_EQ(m.route->pattern, "/api/admin/users/{id}");
  EXPECT_EQ(m.params.at("id"), "42");
  auto k = r.match("POST", "/api/admin/devices/node-7/rotate-key");
  EXPECT_EQ(k.params.at("device_id"), "node-7");
}

TEST(Router, ToleratesTrailingAndDoubleSlashes) {
  auto r = table();
  EXPECT_EQ(r.match("GET", "/api/admin/users/").route->pattern, "/api/admin/users");
  EXPECT_EQ(r.match("GET", "//healthz").route->pattern, "/healthz");
}

TEST(Router, UnknownPathIs404AndWrongMethodIs405WithAllow) {
  auto r = table();
  try {
    r.match("GET", "/api/nothing");
    FAIL();
  } catch (const HttpError& e) {
    EXPECT_EQ(e.status(), 404);
  }
  try {
    r.match("PATCH", "/api/admin/users/3");
    FAIL();
  } catch (const HttpError& e) {
    EXPECT_EQ(e.status(), 405);
    ASSERT_EQ(e.headers.size(), 1u);
    EXPECT_EQ(e.headers[0].second, "PUT, DELETE");
  }
}

TEST(Router, ParametersDoNotMatchAcrossSegments) {
  auto r = table();
  EXPECT_THROW(r.match("PUT", "/api/admin/users/4/extra"), HttpError);
  EXPECT_THROW(r.match("PUT", "/api/admin/users"), HttpError);
}

TEST(Router, MethodsForListsEveryMethodOfAPath) {
  auto r = table();
  EXPECT_EQ(r.methods_for("/api/admin/users").size(), 2u);
  EXPECT_TRUE(r.methods_for("/nope").empty());
}
