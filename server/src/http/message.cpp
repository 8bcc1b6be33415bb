#include "http/message.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <cmath>

namespace classroom {

namespace {
// Boost.JSON 1.81 writes 21.5 as "2.15E1"; clients get the shortest plain form.
void write_json(const boost::json::value& v, std::string& out) {
  switch (v.kind()) {
    case boost::json::kind::object: {
      out += '{';
      bool first = true;
      for (const auto& kv : v.get_object()) {
        if (!first) out += ',';
        first = false;
        out += boost::json::serialize(boost::json::string_view(kv.key()));
        out += ':';
        write_json(kv.value(), out);
      }
      out += '}';
      break;
    }
    case boost::json::kind::array: {
      out += '[';
      bool first = true;
      for (const auto& e : v.get_array()) {
        if (!first) out += ',';
        first = false;
        write_json(e, out);
      }
      out += ']';
      break;
    }
    case boost::json::kind::double_: {
      double d = v.get_double();
      out += std::isfinite(d) ? fmt::format("{}", d) : "null";
      break;
    }
    default:
      out += boost::json::serialize(v);
  }
}
}  // namespace

std::string to_json_text(const boost::json::value& v) {
  std::string out;
  write_json(v, out);
  return out;
}

std::string Request::header(std::string_view name) const {
  for (const auto& [k, v] : headers)
    if (k == name) return v;
  return {};
}

std::optional<std::string> Request::query_param(const std::string& name) const {
  auto it = query.find(name);
  if (it == query.end()) return std::nullopt;
  return it->second;
}

Response json_response(int status, const boost::json::value& v) {
  Response r;
  r.status = status;
  r.body = to_json_text(v);
  return r;
}

}  // namespace classroom
