#pragma once
// Reading the query string: times and pages, one way for every route.
#include "http/input.hpp"
#include "http/message.hpp"

#include <cstdint>
#include <optional>

namespace date { class time_zone; }

namespace classroom {

// ?name=ISO 8601 (without offset: campus local time) or a bare date; nullopt when
// absent. A bare date means its local midnight, or with `day_end` the midnight after
// it (so ?to=2027-03-10 includes that day). 400 naming it when malformed.
std::optional<std::int64_t> query_time(const Request& req, const char* name, const date::time_zone* zone,
                                       bool day_end = false);

struct PageParams {
  int page = 1;
  int per_page = 50;
};
// ?page=1.. and ?per_page=1..500.
PageParams page_params(const Request& req);

}  // namespace classroom
