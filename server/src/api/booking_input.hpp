#pragma once
// What the booking handlers share: reading times from requests and naming the
// conflicting range of a refused booking.
#include "domain/booking_rules.hpp"
#include "api/query.hpp"
#include "http/input.hpp"
#include "http/message.hpp"
#include "present/bookings.hpp"
#include "storage/booking_store.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <string>
#include <vector>

namespace classroom {



// An ISO 8601 time from the body (without offset: campus local time); 400 naming it.
std::int64_t read_time(const Input& in, const char* field, const date::time_zone* zone);


// A SlotTaken gets the range in the way ("conflict") and the requested ranges that
// could not be booked ("conflicts") before it is rendered.
template <class F>
auto naming_conflicts(const date::time_zone* zone, F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (SlotTaken& e) {
    if (e.other) e.extra["conflict"] = span_json(e.other->start, e.other->end, zone);
    if (!e.wanted.empty()) {
      boost::json::array list;
      for (const auto& w : e.wanted) list.push_back(span_json(w.start, w.end, zone));
      e.extra["conflicts"] = std::move(list);
    }
    throw;
  }
}


}  // namespace classroom
