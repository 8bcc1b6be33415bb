#include "domain/timetable_diff.hpp"

#include "domain/time.hpp"

#include <algorithm>

namespace classroom {

const char* action_name(SectionAction a) {
  switch (a) {
    case SectionAction::created: return "created";
    case SectionAction::updated: return "updated";
    case SectionAction::unchanged: return "unchanged";
    case SectionAction::removed: return "removed";
  }
  return "unchanged";
}

namespace {

std::string weekday_names(const std::string& key) {
  std::vector<unsigned> days;
  for (std::size_t p = 0; p < key.size(); ++p)
    if (key[p] >= '1' && key[p] <= '7') days.push_back(static_cast<unsigned>(key[p] - '0'));
  return days_text(days);
}

std::vector<FieldChange> differences(const WantedSection& w, const StoredSection& s) {
  std::vector<FieldChange> out;
  const auto& r = w.row;
  if (w.room.id != s.room.id) out.push_back({"room", s.room.name, w.room.name});
  auto time = hhmm(r.start) + "-" + hhmm(r.end), stored_time = s.start_time + "-" + s.end_time;
  if (time != stored_time) out.push_back({"time", stored_time, time});
  if (weekdays_key(r.days) != s.weekdays) out.push_back({"days", weekday_names(s.weekdays), days_text(r.days)});
  auto dates = format_date(r.first_date) + " to " + format_date(r.last_date), stored_dates = s.start_date + " to " + s.end_date;
  if (dates != stored_dates) out.push_back({"dates", stored_dates, dates});
  if (r.title != s.title) out.push_back({"title", s.title, r.title});
  // A blank organizer keeps the stored one: the same file imported by another admin changes nothing.
  if (w.organizer && (!s.organizer || s.organizer->id != w.organizer->id))
    out.push_back({"organizer", s.organizer ? s.organizer->name : "", w.organizer->name});
  return out;
}

}  // namespace

std::vector<SectionChange> diff_timetable(const std::vector<WantedSection>& wanted,
                                          const std::vector<StoredSection>& stored,
                                          const std::set<std::string>& named) {
  std::map<std::string, const StoredSection*> by_key;
  for (const auto& s : stored) by_key.emplace(s.section, &s);
  std::vector<SectionChange> out;
  for (const auto& w : wanted) {
    SectionChange c;
    c.section = w.row.section;
    c.line = w.row.line;
    c.wanted = &w;
    auto it = by_key.find(w.row.section);
    if (it == by_key.end()) {
      c.action = SectionAction::created;
    } else {
      c.stored = it->second;
      c.fields = differences(w, *it->second);
      c.action = c.fields.empty() ? SectionAction::unchanged : SectionAction::updated;
    }
    out.push_back(std::move(c));
  }
  for (const auto& [key, s] : by_key) {
    if (named.count(key)) continue;
    SectionChange c;
    c.action = SectionAction::removed;
    c.section = key;
    c.stored = s;
    out.push_back(std::move(c));
  }
  return out;
}

OccurrencePlan plan_occurrences(const std::vector<Occurrence>& wanted, std::int64_t classroom_id,
                                const std::vector<PlacedOccurrence>& stored_future, std::int64_t now, bool retitle) {
  OccurrencePlan plan;
  std::map<date::sys_days, const PlacedOccurrence*> by_date;
  for (const auto& p : stored_future) by_date.emplace(date::sys_days{p.date}, &p);
  for (const auto& o : wanted) {
    Slot next{0, classroom_id, to_unix(o.time.start), to_unix(o.time.end)};
    if (next.start <= now) continue;
    auto it = by_date.find(date::sys_days{o.date});
    if (it == by_date.end()) {
      plan.inserts.push_back(next);
      continue;
    }
    const auto& old = it->second->slot;
    next.booking_id = old.booking_id;
    if (retitle || old != next) plan.moves.emplace_back(old, next);
    by_date.erase(it);
  }
  for (const auto& [day, p] : by_date) plan.cancels.push_back(p->slot);
  return plan;
}

void RoomCalendar::add(const Slot& s) { rooms_[s.classroom_id][s.start] = s; }

void RoomCalendar::remove(const Slot& s) {
  auto room = rooms_.find(s.classroom_id);
  if (room == rooms_.end()) return;
  auto it = room->second.find(s.start);
  if (it != room->second.end() && it->second.booking_id == s.booking_id) room->second.erase(it);
}

std::optional<Slot> RoomCalendar::clash(const Slot& s) const {
  auto room = rooms_.find(s.classroom_id);
  if (room == rooms_.end()) return std::nullopt;
  const auto& slots = room->second;
  // The slots never overlap each other: only the one starting last before s.end can reach into s.
  auto it = slots.lower_bound(s.end);
  if (it == slots.begin()) return std::nullopt;
  --it;
  if (it->second.end > s.start && it->second.start < s.end) return it->second;
  return std::nullopt;
}

}  // namespace classroom
