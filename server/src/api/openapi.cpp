// GET /api/openapi.json: the API description, as built into the binary.
#include "api/openapi.hpp"

#include "api/common.hpp"
#include "api/routes.hpp"

namespace classroom {

void add_openapi_routes(Router& r) {
  r.add("GET", "/api/openapi.json", Access::open, [](Request&) {
    Response res;
    res.body = std::string(openapi_document());
    res.content_type = "application/json";
    res.headers.emplace_back("Cache-Control", "public, max-age=300");
    return res;
  });
}

}  // namespace classroom
