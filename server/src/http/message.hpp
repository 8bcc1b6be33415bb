#pragma once
// The request and response the handlers see: plain structs, no Beast, so that only
// the listener's translation unit pays for Beast's headers.
#include "domain/caller.hpp"
#include "util/json_text.hpp"

#include <boost/json/value.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace classroom {

struct Request {
  std::string method;
  std::string path;
  std::map<std::string, std::string> query;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-case
  std::string body;
  std::string remote;                                   // client address
  std::string peer;                                     // the connection's own peer (a proxy, perhaps)
  std::map<std::string, std::string> params;            // from the route pattern
  std::string route;                                    // the matched pattern, for logs
  std::optional<Caller> caller;
  std::optional<DeviceCaller> device;

  // Empty when absent; `name` in lower case.
  std::string header(std::string_view name) const;
  std::optional<std::string> query_param(const std::string& name) const;
  const std::string& param(const std::string& name) const { return params.at(name); }
};

struct Response {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
};

Response json_response(int status, const boost::json::value& v);
// The same from an object written field by field (no tree).
Response json_response(int status, JsonObjectText body);

using RequestPtr = std::shared_ptr<Request>;
using Reply = std::function<void(Response)>;

}  // namespace classroom
