#pragma once
// Manual power control: an override stored with its expiry (and, for staff, the
// booking that allowed it), pending until the node confirms, handed to the node in its
// next answer and at once to a long-poll. It ends when it expires, when its booking
// ends early, and an admin's ends where a booking begins (unless told to hold).
#include "live/campus.hpp"
#include "live/report_writer.hpp"
#include "realtime/hub.hpp"
#include "services/campus_sync.hpp"
#include "storage/booking_spans.hpp"
#include "storage/classrooms.hpp"
#include "storage/power_commands.hpp"
#include "util/clock.hpp"

#include <optional>

namespace classroom {

struct PowerRequest {
  std::int64_t classroom_id = 0;
  bool power_on = true;
  std::optional<std::int64_t> duration_min;
  bool hold_through_bookings = false;  // admin only: keep the override past a booking's start
};

// When an override ends, decided from what was asked and the bookings around it. Pure.
// `current` is the booking in progress the override may not outlive, `next` the
// room's next booking after now, where it ends unless asked to hold.
std::int64_t override_expiry(const PowerRequest& req, std::int64_t now, std::int64_t default_min,
                             const std::optional<BookingSpan>& current, const std::optional<BookingSpan>& next);

class PowerService {
 public:
  PowerService(ClassroomStore& rooms, PowerCommandStore& commands, BookingSpans& spans, Campus& campus,
               ReportWriter& writer, Hub& hub, CampusSync& sync, const Clock& clock, int default_min);

  PowerCommand by_admin(const PowerRequest& req, const Caller& admin);
  // Forbidden unless the caller has booked the room now; the override is tied to that booking.
  PowerCommand by_staff(const PowerRequest& req, const Caller& staff);
  void cancel(std::int64_t classroom_id);
  // The booking ended early (cancelled, shortened, released): its override ends with it.
  void booking_ended(std::int64_t booking_id);

 private:
  PowerCommand issue(const PowerRequest& req, const Caller& caller, const char* source, std::int64_t expires_at,
                     std::optional<std::int64_t> booking_id);
  ClassroomStore& rooms_;
  PowerCommandStore& commands_;
  BookingSpans& spans_;
  Campus& campus_;
  ReportWriter& writer_;
  Hub& hub_;
  CampusSync& sync_;
  const Clock& clock_;
  int default_min_;
};

}  // namespace classroom
