#include "domain/approval.hpp"

#include <algorithm>

namespace classroom {

namespace {

bool has_scope(const Approver& who, const std::string& scope) {
  return std::find(who.scopes.begin(), who.scopes.end(), scope) != who.scopes.end();
}

}  // namespace

bool approves_for(const Approver& who, const ApprovalGate& gate) {
  if (who.role == Role::admin) return true;
  if (has_scope(who, "room/" + gate.room_name)) return true;
  return !gate.building_name.empty() && has_scope(who, "building/" + gate.building_name);
}

BookingStatus status_for_new(const Approver& who, const ApprovalGate& gate) {
  return gate.required() && !approves_for(who, gate) ? BookingStatus::pending : BookingStatus::confirmed;
}

BookingStatus status_after_edit(BookingStatus current, bool moved, const Approver& who, const ApprovalGate& next_room) {
  return moved ? status_for_new(who, next_room) : current;
}

std::optional<BookingStatus> after(BookingStatus from, ApprovalStep step) {
  if (from != BookingStatus::pending) return std::nullopt;
  switch (step) {
    case ApprovalStep::approve: return BookingStatus::confirmed;
    case ApprovalStep::decline: return BookingStatus::declined;
    case ApprovalStep::lapse: return BookingStatus::lapsed;
  }
  return std::nullopt;
}

bool lapses(BookingStatus status, std::int64_t start, std::int64_t now) {
  return status == BookingStatus::pending && now >= start;
}

std::optional<std::string> decision_refused(const Approver& who, std::optional<std::int64_t> owner,
                                            const ApprovalGate& gate) {
  if (owner && *owner == who.user_id && who.role != Role::admin)
    return "approval.self: nobody decides their own request";
  if (!approves_for(who, gate))
    return "approval.scope: you approve for neither room " + gate.room_name +
           (gate.building_name.empty() ? std::string() : " nor building " + gate.building_name);
  return std::nullopt;
}

std::vector<std::int64_t> request_recipients(const std::vector<Approver>& candidates, std::optional<std::int64_t> owner,
                                             const ApprovalGate& gate) {
  std::vector<std::int64_t> scoped, admins;
  for (const auto& who : candidates) {
    if ((owner && *owner == who.user_id) || decision_refused(who, owner, gate)) continue;
    bool by_scope = approves_for(Approver{who.user_id, Role::staff, who.scopes}, gate);
    (by_scope ? scoped : admins).push_back(who.user_id);
  }
  return scoped.empty() ? admins : scoped;
}

}  // namespace classroom
