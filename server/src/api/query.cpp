#include "api/query.hpp"

#include "domain/errors.hpp"
#include "domain/time.hpp"

namespace classroom {

std::optional<std::int64_t> query_time(const Request& req, const char* name, const date::time_zone* zone,
                                       bool day_end) {
  auto v = req.query_param(name);
  if (!v || v->empty()) return std::nullopt;
  if (v->size() == 10) {  // YYYY-MM-DD
    auto day = parse_date(*v);
    if (!day.ok()) throw BadRequest(name, std::string(name) + ": " + day.error);
    auto span = local_day(day.value, zone);
    return to_unix(day_end ? span.end : span.start);
  }
  auto parsed = parse_iso(*v, zone);
  if (!parsed.ok()) throw BadRequest(name, std::string(name) + ": " + parsed.error);
  return to_unix(parsed.value);
}

PageParams page_params(const Request& req) {
  return {static_cast<int>(query_int(req.query_param("page"), "page", 1, 1, 100000)),
          static_cast<int>(query_int(req.query_param("per_page"), "per_page", 50, 1, 500))};
}

}  // namespace classroom
