#pragma once
// The server's answers read with ArduinoJson into the core's structs. A malformed
// answer is refused with a reason; the core then keeps the last safe state.
#include <Arduino.h>

#include <optional>
#include <string>

#include "protocol.hpp"

namespace shell {

fw::AnswerBody parse_answer(fw::RequestKind kind, const String& body, std::string& error);
std::optional<fw::CommandsAnswer> parse_commands(const String& body, std::string& error);

}  // namespace shell
