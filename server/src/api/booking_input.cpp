#include "api/booking_input.hpp"

#include "present/bookings.hpp"
#include "domain/time.hpp"

namespace classroom {

namespace json = boost::json;

std::int64_t read_time(const Input& in, const char* field, const date::time_zone* zone) {
  auto parsed = parse_iso(in.str(field, 64), zone);
  if (!parsed.ok()) throw BadRequest(field, std::string(field) + ": " + parsed.error);
  return to_unix(parsed.value);
}

}  // namespace classroom
