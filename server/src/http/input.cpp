#include "http/input.hpp"

#include "http/errors.hpp"

#include <boost/json/parse.hpp>

#include <charconv>
#include <cmath>

namespace classroom {

namespace json = boost::json;

json::object parse_object(std::string_view body, json::storage_ptr sp) {
  if (body.empty()) throw BadRequest("body", "Request body must be a JSON object");
  boost::system::error_code ec;
  json::value v = json::parse(body, ec, std::move(sp));
  if (ec) throw BadRequest("body", "Request body is not valid JSON");
  if (!v.is_object()) throw BadRequest("body", "Request body must be a JSON object");
  return std::move(v.as_object());
}

Input::Input(std::string_view body) : owned_(parse_object(body, &arena_)), o_(owned_) {}

bool Input::has(std::string_view field) const {
  auto it = o_.find(field);
  return it != o_.end() && !it->value().is_null();
}

namespace {
std::string name(std::string_view f) { return std::string(f); }
}  // namespace

std::optional<std::string> Input::opt_str(std::string_view field, std::size_t max_len) const {
  if (!has(field)) return std::nullopt;
  const auto& v = o_.at(field);
  if (!v.is_string()) throw BadRequest(name(field), name(field) + " must be a string");
  std::string s(v.as_string());
  if (s.size() > max_len)
    throw BadRequest(name(field), name(field) + " must be at most " + std::to_string(max_len) + " characters");
  return s;
}

std::string Input::str(std::string_view field, std::size_t max_len) const {
  auto s = opt_str(field, max_len);
  if (!s) throw BadRequest(name(field), name(field) + " is required");
  auto first = s->find_first_not_of(" \t\r\n");
  if (first == std::string::npos) throw BadRequest(name(field), name(field) + " must not be empty");
  return *s;
}

std::optional<bool> Input::opt_bool(std::string_view field) const {
  if (!has(field)) return std::nullopt;
  const auto& v = o_.at(field);
  if (!v.is_bool()) throw BadRequest(name(field), name(field) + " must be true or false");
  return v.as_bool();
}

bool Input::boolean(std::string_view field) const {
  auto b = opt_bool(field);
  if (!b) throw BadRequest(name(field), name(field) + " is required");
  return *b;
}

std::optional<std::int64_t> Input::opt_int(std::string_view field, std::int64_t min, std::int64_t max) const {
  if (!has(field)) return std::nullopt;
  const auto& v = o_.at(field);
  std::int64_t n = 0;
  if (v.is_int64()) n = v.as_int64();
  else if (v.is_uint64() && v.as_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) n = static_cast<std::int64_t>(v.as_uint64());
  else if (v.is_double() && std::trunc(v.as_double()) == v.as_double() && std::fabs(v.as_double()) < 9e15) n = static_cast<std::int64_t>(v.as_double());
  else throw BadRequest(name(field), name(field) + " must be an integer");
  if (n < min || n > max)
    throw BadRequest(name(field), name(field) + " must be between " + std::to_string(min) + " and " + std::to_string(max));
  return n;
}

std::int64_t Input::integer(std::string_view field, std::int64_t min, std::int64_t max) const {
  auto n = opt_int(field, min, max);
  if (!n) throw BadRequest(name(field), name(field) + " is required");
  return *n;
}

std::optional<double> Input::opt_number(std::string_view field, double min, double max) const {
  if (!has(field)) return std::nullopt;
  const auto& v = o_.at(field);
  if (!v.is_number()) throw BadRequest(name(field), name(field) + " must be a number");
  double d = v.to_number<double>();
  if (!std::isfinite(d) || d < min || d > max)
    throw BadRequest(name(field), name(field) + " is out of range");
  return d;
}

std::int64_t query_int(const std::optional<std::string>& v, std::string_view field,
                       std::int64_t fallback, std::int64_t min, std::int64_t max) {
  if (!v || v->empty()) return fallback;
  std::int64_t n = 0;
  auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
  if (ec != std::errc{} || p != v->data() + v->size() || n < min || n > max)
    throw BadRequest(std::string(field), std::string(field) + " must be an integer between " +
                                              std::to_string(min) + " and " + std::to_string(max));
  return n;
}

bool looks_like_email(std::string_view s) {
  auto at = s.find('@');
  if (at == 0 || at == std::string_view::npos || s.find('@', at + 1) != std::string_view::npos) return false;
  if (s.find_first_of(" \t\r\n<>") != std::string_view::npos) return false;
  auto dot = s.find('.', at);
  return dot != std::string_view::npos && dot > at + 1 && dot + 1 < s.size();
}

}  // namespace classroom
