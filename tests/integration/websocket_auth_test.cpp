// /api/ws takes the session token in Sec-WebSocket-Protocol (`classroom.v1,
// bearer.<token>`, what the web app sends, so no URL carries it) or, for clients of the
// first version, in `?token=`.
#include "nodes.hpp"

class WebSocketAuthTest : public ApiTest {
 protected:
  std::string upgrade(const std::string& target, const std::string& protocols) {
    return ts::raw_exchange(port(), "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                                    "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                                    "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: " + protocols + "\r\n\r\n");
  }
};
CLASSROOM_INSTANTIATE(WebSocketAuthTest);

TEST_P(WebSocketAuthTest, TheTokenInTheSubprotocolOpensTheLiveFeed) {
  auto n = register_node(port(), admin_, "node-1");
  ts::WsClient ws(port(), "/api/ws", "classroom.v1, bearer." + admin_);
  EXPECT_EQ(ws.protocol(), "classroom.v1");
  EXPECT_TRUE(ws.wait_for("\"hello\"", std::chrono::seconds(3)));
  ASSERT_EQ(report(port(), n, true).status, 200);
  EXPECT_TRUE(ws.wait_for("room_status", std::chrono::seconds(3)));
}

TEST_P(WebSocketAuthTest, TheQueryTokenOfExistingClientsStillWorks) {
  ts::WsClient ws(port(), "/api/ws?token=" + staff_);
  EXPECT_EQ(ws.protocol(), "") << "no subprotocol offered, none chosen";
  EXPECT_TRUE(ws.wait_for("\"role\":\"staff\"", std::chrono::seconds(3)));
}

TEST_P(WebSocketAuthTest, BadOrMissingTokensAreRefusedBeforeTheUpgrade) {
  EXPECT_THROW(ts::WsClient(port(), "/api/ws", "classroom.v1"), std::exception);
  EXPECT_THROW(ts::WsClient(port(), "/api/ws", "classroom.v1, bearer.forged"), std::exception);
  auto forged = upgrade("/api/ws", "classroom.v1, bearer.forged");
  EXPECT_EQ(forged.rfind("HTTP/1.1 401", 0), 0u) << forged;
  EXPECT_NE(forged.find("bearer.<token>"), std::string::npos) << forged;
  // A token offered without the protocol the server answers with, or twice: 400.
  auto alone = upgrade("/api/ws", "bearer." + admin_);
  EXPECT_EQ(alone.rfind("HTTP/1.1 400", 0), 0u) << alone;
  EXPECT_NE(alone.find("classroom.v1"), std::string::npos) << alone;
  auto twice = upgrade("/api/ws", "classroom.v1, bearer." + admin_ + ", bearer." + staff_);
  EXPECT_EQ(twice.rfind("HTTP/1.1 400", 0), 0u) << twice;
  // A valid query token does not rescue a malformed offer.
  auto mixed = upgrade("/api/ws?token=" + admin_, "bearer.");
  EXPECT_EQ(mixed.rfind("HTTP/1.1 400", 0), 0u) << mixed;
  for (const auto& answer : {forged, alone, twice, mixed}) EXPECT_EQ(answer.find(admin_), std::string::npos);
}
