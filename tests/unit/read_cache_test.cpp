#include "http/read_cache.hpp"

#include <gtest/gtest.h>

using namespace classroom;

namespace {
// A handler that counts its builds and answers with the count.
struct Counted {
  int builds = 0;
  int status = 200;
  SyncHandler handler() {
    return [this](Request&) {
      ++builds;
      return Response{status, std::to_string(builds)};
    };
  }
};

// How many answers the cache counted as `result` ("kept" or "built"), from /metrics' text.
int counted(const Metrics& m, const std::string& result) {
  auto text = m.render();
  auto at = text.find("classroom_read_cache_answers_total{route=\"\",result=\"" + result + "\"} ");
  return at == std::string::npos ? 0 : std::stoi(text.substr(text.find("} ", at) + 2));
}

Request get(std::string path, std::map<std::string, std::string> query = {}) {
  Request r;
  r.method = "GET";
  r.path = std::move(path);
  r.query = std::move(query);
  return r;
}
}  // namespace

TEST(ReadCache, AnAnswerIsBuiltOncePerStateAndServedAsItIs) {
  ReadState outside{7, 100};
  Metrics metrics;
  ReadCache cache([&] { return outside; }, &metrics);
  Counted c;
  auto h = cache.in_front_of(c.handler());
  auto req = get("/api/staff/classrooms");
  EXPECT_EQ(h(req).body, "1");
  EXPECT_EQ(h(req).body, "1");
  EXPECT_EQ(c.builds, 1);
  EXPECT_EQ(counted(metrics, "kept"), 1);

  outside.version = 8;  // the live campus changed
  EXPECT_EQ(h(req).body, "2");
  outside.second = 101;  // a second passed: what shows "now" is built again
  EXPECT_EQ(h(req).body, "3");
  cache.written();  // a write was answered here
  EXPECT_EQ(h(req).body, "4");
  EXPECT_EQ(h(req).body, "4");
  EXPECT_EQ(counted(metrics, "built"), 4);
}

TEST(ReadCache, AnswersAreKeptByPathAndQueryAndOnlyWhenTheyAre200) {
  ReadCache cache([] { return ReadState{1, 1}; });
  Counted c;
  auto h = cache.in_front_of(c.handler());
  auto monday = get("/api/staff/free-rooms", {{"start", "2026-11-30T10:00"}});
  auto tuesday = get("/api/staff/free-rooms", {{"start", "2026-12-01T10:00"}});
  EXPECT_EQ(h(monday).body, "1");
  EXPECT_EQ(h(tuesday).body, "2");
  EXPECT_EQ(h(monday).body, "1");
  EXPECT_EQ(h(tuesday).body, "2");

  Counted failing;
  failing.status = 400;
  auto f = cache.in_front_of(failing.handler());
  auto bad = get("/api/admin/stats");
  EXPECT_EQ(f(bad).status, 400);
  EXPECT_EQ(f(bad).status, 400);
  EXPECT_EQ(failing.builds, 2) << "an error is never served again";
}

TEST(ReadCache, KeepsABoundedNumberOfAnswers) {
  ReadCache cache([] { return ReadState{1, 1}; }, nullptr, 4);
  Counted c;
  auto h = cache.in_front_of(c.handler());
  for (int i = 0; i < 10; ++i) {
    auto req = get("/api/staff/free-rooms", {{"capacity", std::to_string(i)}});
    h(req);
  }
  auto first = get("/api/staff/free-rooms", {{"capacity", "0"}});
  h(first);
  EXPECT_EQ(c.builds, 11) << "the oldest answers were let go";
}

TEST(Router, WrapPutsSomethingInFrontOfABlockingRoute) {
  Router r;
  r.add("GET", "/api/admin/stats", Access::admin, [](Request&) { return Response{200, "built"}; });
  r.wrap("GET", "/api/admin/stats", [](SyncHandler inner) {
    return [inner](Request& req) {
      auto res = inner(req);
      res.body += " and wrapped";
      return res;
    };
  });
  Request req = get("/api/admin/stats");
  EXPECT_EQ(r.match("GET", "/api/admin/stats").route->sync(req).body, "built and wrapped");
  EXPECT_THROW(r.wrap("GET", "/api/admin/none", [](SyncHandler h) { return h; }), std::logic_error);
}
