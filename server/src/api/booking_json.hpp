#pragma once
// What the booking files share: JSON shapes, reading times from requests, the
// configured limits, and telling the campus and the dashboards about a change.
#include "domain/booking_rules.hpp"
#include "http/input.hpp"
#include "http/message.hpp"
#include "storage/booking_store.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <string>
#include <vector>

namespace classroom {

class App;
struct Config;

boost::json::object booking_json(const Booking& b, const date::time_zone* zone);
boost::json::object span_json(std::int64_t start, std::int64_t end, const date::time_zone* zone);
boost::json::object event_json(const BookingEvent& e, const date::time_zone* zone);
boost::json::object series_json(const Series& s, const date::time_zone* zone);

// An ISO 8601 time from the body (without offset: campus local time); 400 naming it.
std::int64_t read_time(const Input& in, const char* field, const date::time_zone* zone);
// The same from the query string; nullopt when absent. A bare date means its local
// midnight, or with `day_end` the midnight after it (so ?to=2027-03-10 includes that day).
std::optional<std::int64_t> query_time(const Request& req, const char* name, const date::time_zone* zone,
                                       bool day_end = false);

BookingLimits booking_limits(const Config& cfg);

// A 400 naming the field when [start, end) breaks a rule for a new booking at `now`.
void check_new_booking(const App& app, std::int64_t start, std::int64_t end, std::int64_t now);

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

// After a booking write: this instance's and the others' power rules follow, and the
// dashboards hear {"type": "booking", "action": ..., "booking": ...}. A series is one
// event naming its first booking and all ids.
void announce(App& app, const char* action, const std::vector<Booking>& bookings);
inline void announce(App& app, const char* action, const Booking& b) { announce(app, action, std::vector<Booking>{b}); }

}  // namespace classroom
