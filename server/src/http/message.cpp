#include "http/message.hpp"

#include "util/json_text.hpp"

namespace classroom {

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

Response json_response(int status, JsonObjectText body) {
  Response r;
  r.status = status;
  r.body = std::move(body).finish();
  return r;
}

}  // namespace classroom
