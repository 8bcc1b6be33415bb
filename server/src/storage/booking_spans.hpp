#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace classroom {

class Db;

struct BookingSpan {
  std::int64_t id = 0;
  std::int64_t classroom_id = 0;
  std::optional<std::int64_t> user_id;
  std::int64_t start = 0;
  std::int64_t end = 0;
};

// The booking queries the power rule needs; the booking API has its own store.
class BookingSpans {
 public:
  explicit BookingSpans(Db& db) : db_(db) {}
  // Confirmed bookings overlapping [from, to).
  std::vector<BookingSpan> confirmed_between(std::int64_t from, std::int64_t to);
  // Bookings that held their room in [from, to): confirmed or completed (analytics).
  std::vector<BookingSpan> held_between(std::int64_t from, std::int64_t to);
  // Bookings released as no-shows touching [from, to) (the registrar's ghosts).
  std::vector<BookingSpan> released_between(std::int64_t from, std::int64_t to);
  // The caller's confirmed booking of the room covering `now`, if any.
  std::optional<BookingSpan> current_for_user(std::int64_t classroom_id, std::int64_t user_id, std::int64_t now);

 private:
  Db& db_;
};

}  // namespace classroom
