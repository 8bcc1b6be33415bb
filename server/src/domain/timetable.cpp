#include "domain/timetable.hpp"

#include "domain/time.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace classroom {

const std::vector<std::string> kTimetableColumns = {"section", "room", "days", "start", "end", "first_date", "last_date"};

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string trimmed(std::string_view s) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return std::string(s);
}

constexpr std::array<const char*, 7> kDayNames = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
constexpr std::array<const char*, 7> kDayShort = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

// A header that is one field holding ';' (or tabs) is a spreadsheet saved with another separator.
std::optional<std::string> wrong_separator(const CsvRecord& header) {
  if (header.fields.size() != 1) return std::nullopt;
  const auto& h = header.fields[0];
  if (h.find(';') != std::string::npos)
    return "the file is separated by ';', not ','; save it as \"CSV UTF-8 (comma delimited)\"";
  if (h.find('\t') != std::string::npos) return "the file is separated by tabs, not ','; save it as CSV (comma delimited)";
  return std::nullopt;
}

// "9:00" as spreadsheets write it is "09:00".
Parsed<std::chrono::minutes> read_time(const std::string& text) {
  return parse_time_of_day(text.size() == 4 && text[1] == ':' ? "0" + text : text);
}

}  // namespace

std::vector<unsigned> parse_days(std::string_view text) {
  std::vector<unsigned> days;
  std::string word;
  auto flush = [&]() -> bool {
    if (word.empty()) return true;
    auto w = lower(word);
    word.clear();
    for (unsigned d = 0; d < 7; ++d) {
      std::string full = kDayNames[d];
      // "mon", "mo", "monday" (at least two letters of the name)
      if (w.size() >= 2 && full.compare(0, w.size(), w) == 0) {
        days.push_back(d + 1);
        return true;
      }
    }
    return false;
  };
  for (char c : text) {
    if (c == ',' || c == ' ' || c == '/' || c == ';' || c == '+') {
      if (!flush()) return {};
    } else {
      word += c;
    }
  }
  if (!flush()) return {};
  std::sort(days.begin(), days.end());
  days.erase(std::unique(days.begin(), days.end()), days.end());
  return days;
}

std::string days_text(const std::vector<unsigned>& days) {
  std::string out;
  for (auto d : days) out += (out.empty() ? "" : ",") + std::string(kDayShort[(d - 1) % 7]);
  return out;
}

std::string weekdays_key(const std::vector<unsigned>& days) {
  std::string out;
  for (auto d : days) out += (out.empty() ? "" : ",") + std::to_string(d);
  return out;
}

std::string hhmm(std::chrono::minutes m) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d:%02d", static_cast<int>(m.count() / 60), static_cast<int>(m.count() % 60));
  return buf;
}

TimetableFile read_timetable(const CsvFile& csv) {
  TimetableFile out;
  auto fail = [&](std::size_t line, std::string field, std::string message) {
    out.errors.push_back({line, std::move(field), std::move(message)});
  };
  if (!csv.ok()) {
    fail(csv.error_line, "file", csv.error);
    return out;
  }
  if (csv.records.empty()) {
    fail(1, "file", "the file is empty: it needs a header line and one line a section");
    return out;
  }
  const auto& header = csv.records.front();
  if (auto problem = wrong_separator(header)) {
    fail(header.line, "file", *problem);
    return out;
  }
  std::map<std::string, std::size_t> column;
  for (std::size_t i = 0; i < header.fields.size(); ++i) column.emplace(lower(trimmed(header.fields[i])), i);
  std::vector<std::string> missing;
  for (const auto& name : kTimetableColumns)
    if (!column.count(name)) missing.push_back(name);
  if (!missing.empty()) {
    std::string names;
    for (const auto& m : missing) names += (names.empty() ? "" : ", ") + m;
    fail(header.line, missing.front(), "the header has no " + names + " column" + (missing.size() > 1 ? "s" : "") +
                                           " (columns: section, title, room, days, start, end, first_date, last_date, organizer)");
    return out;
  }
  if (csv.records.size() == 1) {
    fail(header.line, "file", "the file has a header but no sections");
    return out;
  }

  std::map<std::string, std::size_t> first_line_of;
  for (std::size_t r = 1; r < csv.records.size(); ++r) {
    const auto& rec = csv.records[r];
    auto value = [&](const std::string& name) -> std::string {
      auto it = column.find(name);
      return it == column.end() || it->second >= rec.fields.size() ? std::string() : trimmed(rec.fields[it->second]);
    };
    std::size_t before = out.errors.size();
    auto error = [&](std::string field, std::string message) { fail(rec.line, std::move(field), std::move(message)); };
    if (rec.fields.size() != header.fields.size()) {
      error("file", "the line has " + std::to_string(rec.fields.size()) + " fields, the header " +
                        std::to_string(header.fields.size()) + " (a comma in a value needs quotes: \"Mon,Wed\")");
      if (auto s = value("section"); !s.empty()) out.sections.insert(s);
      continue;
    }
    TimetableRow row;
    row.line = rec.line;
    row.section = value("section");
    row.title = value("title");
    row.room = value("room");
    row.organizer = value("organizer");
    if (row.section.empty()) error("section", "section is empty: every line needs its section's key");
    else if (row.section.size() > 100) error("section", "section is longer than 100 characters");
    else if (auto [it, fresh] = first_line_of.emplace(row.section, rec.line); !fresh)
      error("section", "section " + row.section + " is already on line " + std::to_string(it->second));
    if (row.title.empty()) row.title = row.section;
    if (row.title.size() > 200) error("title", "title is longer than 200 characters");
    if (row.room.empty()) error("room", "room is empty");
    auto days = value("days");
    row.days = parse_days(days);
    if (row.days.empty()) error("days", "days '" + days + "' is not a list of weekdays like Mon,Wed");
    auto start = read_time(value("start")), end = read_time(value("end"));
    if (!start.ok()) error("start", "start '" + value("start") + "': " + start.error);
    if (!end.ok()) error("end", "end '" + value("end") + "': " + end.error);
    if (start.ok() && end.ok() && end.value <= start.value) error("end", "end " + value("end") + " is not after start " + value("start"));
    row.start = start.value;
    row.end = end.value;
    auto first = parse_date(value("first_date")), last = parse_date(value("last_date"));
    if (!first.ok()) error("first_date", "first_date '" + value("first_date") + "': " + first.error);
    if (!last.ok()) error("last_date", "last_date '" + value("last_date") + "': " + last.error);
    if (first.ok() && last.ok() && date::local_days{last.value} < date::local_days{first.value})
      error("last_date", "last_date " + value("last_date") + " is before first_date " + value("first_date"));
    row.first_date = first.value;
    row.last_date = last.value;
    if (!row.section.empty()) out.sections.insert(row.section);
    if (out.errors.size() == before) out.rows.push_back(std::move(row));
  }
  return out;
}

Resolved resolve(const std::vector<TimetableRow>& rows, const Directory& dir) {
  Resolved out;
  for (const auto& row : rows) {
    auto room = dir.rooms.find(lower(row.room));
    if (room == dir.rooms.end()) {
      out.errors.push_back({row.line, "room", "no active room is named " + row.room});
      continue;
    }
    std::optional<Named> organizer;
    if (!row.organizer.empty()) {
      auto who = dir.people.find(lower(row.organizer));
      if (who == dir.people.end()) {
        out.errors.push_back({row.line, "organizer", "no active account has the username or e-mail " + row.organizer});
        continue;
      }
      organizer = who->second;
    }
    out.sections.push_back({row, room->second, organizer});
  }
  return out;
}

}  // namespace classroom
