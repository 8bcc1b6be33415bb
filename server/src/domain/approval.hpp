#pragma once
// Approvals: a room or a whole building may require them. A request in such a room
// is pending until an approver of that room or building (or an admin) approves or
// declines it; one still pending at its start lapses. Pure.
#include "domain/caller.hpp"
#include "domain/states.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace classroom {

// What approval asks of a room: its flag, its building's, and the names scopes use.
struct ApprovalGate {
  bool room_requires = false;
  bool building_requires = false;
  std::string room_name;
  std::string building_name;  // empty when the room is in no building
  bool required() const { return room_requires || building_requires; }
};

// Who is asking: their account, role and approver scopes ("building/NAME", "room/NAME").
struct Approver {
  std::int64_t user_id = 0;
  Role role = Role::staff;
  std::vector<std::string> scopes;
};

// Admins, and approvers whose scopes name the room or its building.
bool approves_for(const Approver& who, const ApprovalGate& gate);

// The status a new booking by `who` takes in the room: pending where approval is
// required and `who` cannot approve it themselves, confirmed otherwise.
BookingStatus status_for_new(const Approver& who, const ApprovalGate& gate);

// The status a booking or request takes when `who` edits it: a new time or room asks
// again, as a new booking there would (a request moved to a room without approval is
// confirmed; an approved booking moved in a room that needs approval is pending again
// unless `who` may approve it); a new title or description keeps the status.
BookingStatus status_after_edit(BookingStatus current, bool moved, const Approver& who, const ApprovalGate& next_room);

enum class ApprovalStep { approve, decline, lapse };

// The state machine: pending -> confirmed (approve), declined (decline), lapsed
// (lapse); nothing else moves. nullopt when `step` does not apply to `from`.
std::optional<BookingStatus> after(BookingStatus from, ApprovalStep step);

// A pending request lapses once its start has come undecided.
bool lapses(BookingStatus status, std::int64_t start, std::int64_t now);

// Why `who` may not decide the request `owner` made in the room behind `gate`, as a
// sentence naming the rule; nullopt when they may.
std::optional<std::string> decision_refused(const Approver& who, std::optional<std::int64_t> owner,
                                            const ApprovalGate& gate);

// Who is told of a new request by `owner`: the approvers whose scopes name the room or
// its building; when there is none, the admins. Never the owner (they cannot decide it).
std::vector<std::int64_t> request_recipients(const std::vector<Approver>& candidates, std::optional<std::int64_t> owner,
                                             const ApprovalGate& gate);

}  // namespace classroom
