#include "http/ws_auth.hpp"

#include <gtest/gtest.h>

using namespace classroom;

TEST(WsAuth, TakesTheTokenFromTheBearerSubprotocolAndEchoesClassroomV1) {
  auto a = ws_auth("classroom.v1, bearer.eyJ0.eyJ1.sig-_x", std::nullopt);
  EXPECT_EQ(a.token, "eyJ0.eyJ1.sig-_x");
  EXPECT_TRUE(a.echo_protocol);
  EXPECT_EQ(a.error, "");
  auto spaced = ws_auth("  bearer.t1 ,\tclassroom.v1  ", std::nullopt);
  EXPECT_EQ(spaced.token, "t1");
  EXPECT_TRUE(spaced.echo_protocol);
}

TEST(WsAuth, KeepsTheQueryTokenOfExistingClientsAndPrefersTheSubprotocol) {
  auto q = ws_auth("", std::string("query-token"));
  EXPECT_EQ(q.token, "query-token");
  EXPECT_FALSE(q.echo_protocol) << "a client that offered no subprotocol gets none back";
  EXPECT_EQ(ws_auth("classroom.v1, bearer.header-token", std::string("query-token")).token, "header-token");
  auto v1_only = ws_auth("classroom.v1", std::string("query-token"));
  EXPECT_EQ(v1_only.token, "query-token");
  EXPECT_TRUE(v1_only.echo_protocol);
  EXPECT_EQ(ws_auth("chat", std::nullopt).token, "");
  EXPECT_FALSE(ws_auth("chat", std::nullopt).echo_protocol);
}

TEST(WsAuth, RefusesMalformedOffers) {
  for (auto bad : {"bearer.t", "classroom.v1, bearer.", "classroom.v1, bearer.a, bearer.b"}) {
    auto a = ws_auth(bad, std::string("query-token"));
    EXPECT_NE(a.error, "") << bad;
    EXPECT_EQ(a.token, "") << bad;
  }
}
