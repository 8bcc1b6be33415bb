#pragma once
// JSON shapes of bookings, their history and series, as the clients know them.
#include "storage/booking_store.hpp"

#include <boost/json/object.hpp>

#include <cstdint>

namespace date { class time_zone; }

namespace classroom {

boost::json::object booking_json(const Booking& b, const date::time_zone* zone);
boost::json::object span_json(std::int64_t start, std::int64_t end, const date::time_zone* zone);
boost::json::object event_json(const BookingEvent& e, const date::time_zone* zone);
boost::json::object series_json(const Series& s, const date::time_zone* zone);

}  // namespace classroom
