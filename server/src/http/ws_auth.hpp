#pragma once
// Where a WebSocket upgrade to /api/ws carries its session token. The web app offers
// the subprotocols `classroom.v1, bearer.<token>` (Sec-WebSocket-Protocol) so the token
// is never part of a URL that proxies log; clients of the first version send
// `?token=`, which keeps working.
#include <optional>
#include <string>
#include <string_view>

namespace classroom {

inline constexpr std::string_view kWsProtocol = "classroom.v1";

struct WsAuth {
  std::string token;           // empty: none offered
  bool echo_protocol = false;  // answer `Sec-WebSocket-Protocol: classroom.v1`
  std::string error;           // a malformed offer (400)
};

// `protocols` is the Sec-WebSocket-Protocol header (may be empty), `query_token`
// the `token` query parameter. The subprotocol wins over the query.
WsAuth ws_auth(std::string_view protocols, const std::optional<std::string>& query_token);

}  // namespace classroom
