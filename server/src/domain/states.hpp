#pragma once
// The states bookings and manual power commands go through, each with the one name it
// has in the database and in the API.
#include <array>
#include <optional>
#include <string_view>
#include <utility>

namespace classroom {

// pending: a request in a room that needs approval, until an approver decides it
// (confirmed or declined) or its start passes undecided (lapsed).
enum class BookingStatus { confirmed, cancelled, released, completed, pending, declined, lapsed };
enum class CommandState { pending, applied, superseded, cancelled, expired };

namespace detail {
template <class E, std::size_t N>
constexpr std::string_view name_in(const std::array<std::pair<E, std::string_view>, N>& table, E e) {
  for (const auto& [value, name] : table)
    if (value == e) return name;
  return table[0].second;
}
template <class E, std::size_t N>
constexpr std::optional<E> parse_in(const std::array<std::pair<E, std::string_view>, N>& table, std::string_view s) {
  for (const auto& [value, name] : table)
    if (name == s) return value;
  return std::nullopt;
}
}  // namespace detail

inline constexpr std::array<std::pair<BookingStatus, std::string_view>, 7> kBookingStatuses{{
    {BookingStatus::confirmed, "confirmed"},
    {BookingStatus::cancelled, "cancelled"},
    {BookingStatus::released, "released"},
    {BookingStatus::completed, "completed"},
    {BookingStatus::pending, "pending"},
    {BookingStatus::declined, "declined"},
    {BookingStatus::lapsed, "lapsed"},
}};
inline constexpr std::array<std::pair<CommandState, std::string_view>, 5> kCommandStates{{
    {CommandState::pending, "pending"},
    {CommandState::applied, "applied"},
    {CommandState::superseded, "superseded"},
    {CommandState::cancelled, "cancelled"},
    {CommandState::expired, "expired"},
}};

constexpr std::string_view status_name(BookingStatus s) { return detail::name_in(kBookingStatuses, s); }
constexpr std::optional<BookingStatus> parse_booking_status(std::string_view s) { return detail::parse_in(kBookingStatuses, s); }
constexpr std::string_view state_name(CommandState s) { return detail::name_in(kCommandStates, s); }
constexpr std::optional<CommandState> parse_command_state(std::string_view s) { return detail::parse_in(kCommandStates, s); }

}  // namespace classroom
