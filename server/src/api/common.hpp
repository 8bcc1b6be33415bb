#pragma once
// Small pieces every handler file uses.
#include "http/errors.hpp"
#include "http/input.hpp"
#include "http/router.hpp"

#include <boost/json/object.hpp>

#include <charconv>
#include <cstdint>
#include <string>

namespace classroom {

// A numeric path parameter; anything else is a 404 (no such resource).
inline std::int64_t path_id(const Request& req, const std::string& name = "id") {
  const auto& s = req.param(name);
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || p != s.data() + s.size() || v <= 0) throw NotFound("No resource with id '" + s + "'");
  return v;
}

inline Response ok(const boost::json::value& v) { return json_response(200, v); }
inline Response created(const boost::json::value& v) { return json_response(201, v); }
inline Response message(const std::string& text) { return json_response(200, boost::json::object{{"message", text}}); }

// Identifiers typed by people (usernames, device ids): letters, digits, . _ - :
inline void check_identifier(const std::string& field, const std::string& v, std::size_t min_len) {
  if (v.size() < min_len) throw BadRequest(field, field + " must be at least " + std::to_string(min_len) + " characters");
  for (char c : v)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '-' && c != ':')
      throw BadRequest(field, field + " may contain only letters, digits, '.', '_', '-' and ':'");
}

}  // namespace classroom
