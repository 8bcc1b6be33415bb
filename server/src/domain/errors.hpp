#pragma once
// Typed errors. Services and stores throw them; one place (http/errors.cpp,
// render_error) turns them into the JSON shape every client sees:
// {"error": short, "message": detail, "field"?: name}.
#include <boost/json/object.hpp>

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace classroom {

class HttpError : public std::runtime_error {
 public:
  HttpError(int status, std::string error, std::string message, std::string field = {})
      : std::runtime_error(message), status_(status), error_(std::move(error)),
        field_(std::move(field)) {}
  int status() const { return status_; }
  const std::string& error() const { return error_; }
  const std::string& field() const { return field_; }
  // Extra members merged into the JSON body (e.g. the conflicting booking).
  boost::json::object extra;
  std::vector<std::pair<std::string, std::string>> headers;

 private:
  int status_;
  std::string error_;
  std::string field_;
};

struct BadRequest : HttpError {
  BadRequest(std::string field, std::string message)
      : HttpError(400, "Invalid " + (field.empty() ? std::string("request") : field),
                  std::move(message), field) {}
};
struct Unauthorized : HttpError {
  explicit Unauthorized(std::string message) : HttpError(401, "Unauthorized", std::move(message)) {}
};
struct Forbidden : HttpError {
  explicit Forbidden(std::string message) : HttpError(403, "Forbidden", std::move(message)) {}
};
struct NotFound : HttpError {
  explicit NotFound(std::string message) : HttpError(404, "Not found", std::move(message)) {}
};
struct Conflict : HttpError {
  Conflict(std::string error, std::string message, std::string field = {})
      : HttpError(409, std::move(error), std::move(message), std::move(field)) {}
};
struct TooManyRequests : HttpError {
  explicit TooManyRequests(int retry_after_s)
      : HttpError(429, "Too many requests", "Try again in " + std::to_string(retry_after_s) + " s") {
    headers.emplace_back("Retry-After", std::to_string(retry_after_s));
  }
};
struct Unavailable : HttpError {
  explicit Unavailable(std::string message, int retry_after_s = 5)
      : HttpError(503, "Service unavailable", std::move(message)) {
    headers.emplace_back("Retry-After", std::to_string(retry_after_s));
  }
};

}  // namespace classroom
