#pragma once
// Renders the typed errors (domain/errors.hpp) as the one JSON error shape.
#include "domain/errors.hpp"
#include "http/message.hpp"

#include <string>

namespace classroom {

Response render_error(const HttpError& e);
Response render_error(int status, std::string error, std::string message);

}  // namespace classroom
