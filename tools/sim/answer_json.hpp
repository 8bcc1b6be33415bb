#pragma once
// The server's JSON answers mapped onto the firmware core's structs. An answer that is
// not JSON, lacks a field or carries a wrong type is refused with a reason, and the
// node then keeps its last safe state.
#include <optional>
#include <string>
#include <string_view>

#include "protocol.hpp"

namespace sim {

// The body of a 200 answer to `kind`; monostate with `error` set when it is malformed.
fw::AnswerBody parse_answer(fw::RequestKind kind, std::string_view body, std::string& error);

// GET /api/esp/commands → {"commands": [{"id", "power_on", "expires_at"}]}.
std::optional<fw::CommandsAnswer> parse_commands(std::string_view body, std::string& error);

// The node's Reply from an HTTP exchange: status 0 when nothing came back.
fw::Reply make_reply(fw::RequestKind kind, int status, std::string_view body,
                     int retry_after_s, const std::string& transport_error);

}  // namespace sim
