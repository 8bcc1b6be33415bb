#pragma once
// The registrar's timetable file: one line a class section, read into rows the import
// can trust, each problem a per-line error naming its column. Pure: no database; the
// rooms and people the file may name are handed in.
#include "util/csv.hpp"

#include <date/date.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace classroom {

// One problem with the file: `line` is the file's line (1 = the header).
struct ImportError {
  std::size_t line = 0;
  std::string field;    // the column ("days", "room", ...), or "file" for the file as a whole
  std::string message;
  friend bool operator==(const ImportError&, const ImportError&) = default;
};

struct TimetableRow {
  std::size_t line = 0;
  std::string section, title, room, organizer;  // organizer: empty when the column is blank
  std::vector<unsigned> days;                    // ISO weekdays, Monday = 1, sorted, unique
  std::chrono::minutes start{0}, end{0};         // campus wall clock
  date::year_month_day first_date{}, last_date{};
};

struct TimetableFile {
  std::vector<TimetableRow> rows;      // the lines without errors, in file order
  std::vector<ImportError> errors;     // in line order
  std::set<std::string> sections;      // every section the file names, lines with errors too
};

// Required columns, in the order the README lists them; `title` and `organizer` are optional.
extern const std::vector<std::string> kTimetableColumns;

// Reads the file (already split by read_csv) line by line.
TimetableFile read_timetable(const CsvFile& csv);

// "Mon,Wed", "mon wed", "Monday/Wednesday": ISO weekdays; empty when a name is unknown.
std::vector<unsigned> parse_days(std::string_view text);
// Back to text: {1, 3} → "Mon,Wed".
std::string days_text(const std::vector<unsigned>& days);
// {1, 3} → "1,3", as booking_series keeps them.
std::string weekdays_key(const std::vector<unsigned>& days);
// 630 min → "10:30".
std::string hhmm(std::chrono::minutes m);

// What the file's names stand for in the database.
struct Named {
  std::int64_t id = 0;
  std::string name;  // the room's name, the person's username
};
struct Directory {
  std::map<std::string, Named> rooms;   // by lower-case room name, active rooms only
  std::map<std::string, Named> people;  // by lower-case username and e-mail, active accounts only
  std::optional<Named> default_organizer;
};

// A row with its room and organizer found.
struct WantedSection {
  TimetableRow row;
  Named room;
  std::optional<Named> organizer;  // nullopt: the column was blank (a stored section keeps its own)
};

struct Resolved {
  std::vector<WantedSection> sections;
  std::vector<ImportError> errors;
};

// Finds each row's room and organizer; unknown ones are errors of that line.
Resolved resolve(const std::vector<TimetableRow>& rows, const Directory& dir);

}  // namespace classroom
