#include "services/timetable_import.hpp"

#include "domain/booking_rules.hpp"
#include "domain/recurrence.hpp"
#include "domain/terms.hpp"
#include "domain/time.hpp"

#include <date/tz.h>
#include <spdlog/spdlog.h>

#include <algorithm>

namespace classroom {

namespace {

// expand() names the fields of the series API; the file has its own column names.
std::string column_of(const std::string& field) {
  if (field == "weekdays") return "days";
  if (field == "start_time") return "start";
  if (field == "end_time") return "end";
  return field;
}

std::string when(const Slot& s, const date::time_zone* zone) {
  auto local = [&](std::int64_t t) { return zone->to_local(from_unix(t)); };
  auto day = date::floor<date::days>(local(s.start));
  auto minutes = [&](std::int64_t t) { return std::chrono::duration_cast<std::chrono::minutes>(local(t) - date::floor<date::days>(local(t))); };
  return format_date(date::year_month_day{day}) + " " + hhmm(minutes(s.start)) + "-" + hhmm(minutes(s.end));
}

struct Planner {
  const TimetableState& state;
  const TimetableFile& file;
  const ImportOptions& options;
  const std::optional<Named>& importer;
  const date::time_zone* zone;
  const BookingSettings& settings;
  std::span<const Term> terms;
  std::int64_t now;
  ImportReport& report;

  // The occurrences a section's line asks for, or the error of that line.
  std::optional<std::vector<Occurrence>> occurrences(const WantedSection& w) {
    const auto& r = w.row;
    if (auto outside = outside_every_term(r.first_date, r.last_date, terms)) {
      report.errors.push_back({r.line, "first_date", *outside});
      return std::nullopt;
    }
    // A lecture is not held on a closed day: the --holiday dates and the terms' holidays.
    Recurrence rec{r.days, r.first_date, r.last_date, r.start, r.end, {}};
    RecurrenceLimits limits;
    limits.max_occurrences = settings.series_max;
    if (r.first_date <= r.last_date && date::sys_days{r.last_date} - date::sys_days{r.first_date} <= limits.max_span)
      rec.holidays = closed_days(r.first_date, r.last_date, settings.holidays, terms);
    auto e = expand(rec, zone, limits);
    if (!e.ok()) {
      report.errors.push_back({r.line, column_of(e.error->field), e.error->message});
      return std::nullopt;
    }
    for (const auto& o : e.occurrences) {
      if (to_unix(o.time.start) <= now) continue;
      if (auto bad = validate_booking(o.time.start, o.time.end, from_unix(now), settings.limits)) {
        report.errors.push_back({r.line, bad->field == "end_time" ? "end" : "last_date",
                                 "the occurrence on " + format_date(o.date) + ": " + bad->message});
        return std::nullopt;
      }
    }
    return std::move(e.occurrences);
  }

  std::optional<TimetableWrite> plan() {
    Directory dir = state.directory;
    if (importer) dir.default_organizer = importer;
    auto resolved = resolve(file.rows, dir);
    report.errors.insert(report.errors.end(), resolved.errors.begin(), resolved.errors.end());
    auto changes = diff_timetable(resolved.sections, state.sections, file.sections);

    RoomCalendar calendar;
    for (const auto& b : state.busy) calendar.add(b);
    auto future_of = [&](std::int64_t series) {
      auto it = state.future.find(series);
      return it == state.future.end() ? std::vector<Slot>{} : it->second;
    };
    TimetableWrite w;
    if (!dir.default_organizer) {
      report.errors.push_back({1, "organizer", "there is no active admin account to import as: create one first"});
      return std::nullopt;
    }
    w.actor = dir.default_organizer->id;
    // Removals first: the time they free is free for the sections that follow.
    for (const auto& c : changes) {
      if (c.action != SectionAction::removed) continue;
      auto cancels = future_of(c.stored->series_id);
      for (const auto& s : cancels) calendar.remove(s);
      report.changes.push_back({c.section, 0, c.action, {}, 0, 0, cancels.size()});
      ++report.removed;
      w.removals.push_back({c.stored->series_id, std::move(cancels)});
    }
    for (const auto& c : changes) {
      if (c.action == SectionAction::removed) continue;
      if (c.action == SectionAction::unchanged) {
        ++report.unchanged;
        continue;
      }
      auto wanted = occurrences(*c.wanted);
      if (!wanted) continue;
      std::vector<PlacedOccurrence> stored;
      if (c.stored)
        for (const auto& s : future_of(c.stored->series_id)) stored.push_back({s, local_date(s.start, zone)});
      bool retitle = std::any_of(c.fields.begin(), c.fields.end(),
                                 [](const FieldChange& f) { return f.field == "title" || f.field == "organizer"; });
      auto p = plan_occurrences(*wanted, c.wanted->room.id, stored, now, retitle);
      if (!place(c, p, calendar)) continue;
      auto user = c.wanted->organizer ? c.wanted->organizer->id
                  : c.stored && c.stored->organizer ? c.stored->organizer->id
                  : dir.default_organizer ? dir.default_organizer->id : 0;
      if (user == 0) {
        report.errors.push_back({c.line, "organizer", "no organizer: name one, or create an active admin account"});
        continue;
      }
      report.changes.push_back({c.section, c.line, c.action, c.fields, p.inserts.size(), p.moves.size(), p.cancels.size()});
      ++(c.action == SectionAction::created ? report.created : report.updated);
      w.sections.push_back({c.stored ? std::optional<std::int64_t>(c.stored->series_id) : std::nullopt, *c.wanted, user,
                            std::move(p)});
    }
    std::stable_sort(report.errors.begin(), report.errors.end(), [](const auto& a, const auto& b) { return a.line < b.line; });
    std::stable_sort(report.changes.begin(), report.changes.end(), [](const auto& a, const auto& b) {
      return (a.line == 0 ? SIZE_MAX : a.line) < (b.line == 0 ? SIZE_MAX : b.line);
    });
    if (options.dry_run || (!report.errors.empty() && !options.skip_errors)) return std::nullopt;
    if (w.sections.empty() && w.removals.empty()) return std::nullopt;  // the same file again: nothing to write
    report.written = true;
    return w;
  }

  // Takes the section's new occurrences into the calendar, or reports the first booking
  // in the way (never overwritten) and leaves the section as it is.
  bool place(const SectionChange& c, const OccurrencePlan& p, RoomCalendar& calendar) {
    for (const auto& [old, next] : p.moves) calendar.remove(old);
    for (const auto& s : p.cancels) calendar.remove(s);
    std::vector<Slot> taken;
    auto fits = [&](const Slot& s) {
      if (auto other = calendar.clash(s)) {
        report.errors.push_back({c.line, "room", c.wanted->room.name + " is already booked on " + when(s, zone) +
                                                     " (booking " + std::to_string(other->booking_id) + ")"});
        return false;
      }
      calendar.add(s);
      taken.push_back(s);
      return true;
    };
    bool ok = true;
    for (const auto& [old, next] : p.moves)
      if (!(ok = fits(next))) break;
    if (ok)
      for (const auto& s : p.inserts)
        if (!(ok = fits(s))) break;
    if (ok) return true;
    for (const auto& s : taken) calendar.remove(s);
    for (const auto& [old, next] : p.moves) calendar.add(old);
    for (const auto& s : p.cancels) calendar.add(s);
    return false;
  }
};

}  // namespace

TimetableImportService::TimetableImportService(TimetableStore& store, TermStore& terms, const Clock& clock,
                                               const date::time_zone* zone, BookingSettings settings, Written written)
    : store_(store), terms_(terms), clock_(clock), zone_(zone), settings_(std::move(settings)), written_(std::move(written)) {}

ImportReport TimetableImportService::run(std::string_view csv, const ImportOptions& options,
                                         std::optional<Named> importer) {
  ImportReport report;
  report.dry_run = options.dry_run;
  auto file = read_timetable(read_csv(csv));
  report.errors = file.errors;
  // A file that cannot be read at all (no header, wrong separator) is never half imported.
  bool unreadable = !file.errors.empty() && file.rows.empty() && file.sections.empty();
  if (unreadable) return report;
  auto now = clock_.now();
  auto terms = terms_.list();
  auto ended = store_.import(now, !options.dry_run, [&](const TimetableState& state) {
    report.errors = file.errors;
    report.changes.clear();
    report.created = report.updated = report.unchanged = report.removed = 0;
    auto by = importer ? importer : state.directory.default_organizer;
    Planner planner{state, file, options, by, zone_, settings_, terms, now, report};
    auto w = planner.plan();
    return w;
  });
  if (!report.written) return report;
  spdlog::info("event=timetable_imported created={} updated={} unchanged={} removed={} errors={}", report.created,
               report.updated, report.unchanged, report.removed, report.errors.size());
  if (written_) written_(report, ended);
  return report;
}

}  // namespace classroom
