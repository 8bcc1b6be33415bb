#include "http/errors.hpp"

namespace classroom {

Response render_error(const HttpError& e) {
  boost::json::object body{{"error", e.error()}, {"message", e.what()}};
  if (!e.field().empty()) body["field"] = e.field();
  for (const auto& kv : e.extra) body[kv.key()] = kv.value();
  Response r = json_response(e.status(), body);
  r.headers = e.headers;
  return r;
}

Response render_error(int status, std::string error, std::string message) {
  return render_error(HttpError(status, std::move(error), std::move(message)));
}

}  // namespace classroom
