#pragma once
// Why a request's values break a rule, naming the JSON field to fix. The API layer
// turns it into a 400 as is: throw BadRequest(e.field, e.message).
#include <string>

namespace classroom {

struct FieldError {
  std::string field;    // "start_time", "end_time", "weekdays", ...
  std::string message;  // a sentence for the person who filled in the form
  friend bool operator==(const FieldError&, const FieldError&) = default;
};

}  // namespace classroom
