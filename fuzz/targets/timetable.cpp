// The timetable import's reading of an untrusted file (util/csv.cpp, domain/timetable.cpp).
// No crash, no exception; records come in ascending lines; a readable file written back
// with every field quoted reads back as the same fields; every row of read_timetable
// holds what the checks promise (days 1..7 sorted, end after start, last_date not
// before first_date, a section), and errors come in line order.
#include "check.hpp"
#include "domain/timetable.hpp"
#include "util/csv.hpp"

#include <cstdint>
#include <string>

using namespace classroom;

namespace {

std::string quoted(const std::vector<CsvRecord>& records) {
  std::string out;
  for (const auto& r : records) {
    for (std::size_t i = 0; i < r.fields.size(); ++i) {
      out += i ? ",\"" : "\"";
      for (char c : r.fields[i]) out += c == '"' ? std::string("\"\"") : std::string(1, c);
      out += '"';
    }
    out += "\r\n";
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  try {
    auto csv = read_csv(text);
    if (csv.ok()) {
      for (std::size_t i = 1; i < csv.records.size(); ++i)
        FUZZ_CHECK(csv.records[i].line > csv.records[i - 1].line, "record lines not ascending");
      auto back = read_csv(quoted(csv.records));
      FUZZ_CHECK(back.ok(), "quoted records do not read back: %s", back.error.c_str());
      // A record of one empty field is a blank line, which reading drops.
      std::size_t k = 0;
      for (const auto& r : csv.records) {
        if (r.fields.size() == 1 && r.fields[0].empty()) continue;
        FUZZ_CHECK(k < back.records.size() && back.records[k].fields == r.fields, "record %zu changed on the way back", k);
        ++k;
      }
    } else {
      FUZZ_CHECK(csv.records.empty() && csv.error_line >= 1, "a refused file carries records or no line");
    }
    auto file = read_timetable(csv);
    for (std::size_t i = 1; i < file.errors.size(); ++i)
      FUZZ_CHECK(file.errors[i].line >= file.errors[i - 1].line, "errors out of line order");
    for (const auto& r : file.rows) {
      FUZZ_CHECK(!r.section.empty() && !r.days.empty() && r.end > r.start, "a row broke a promise (line %zu)", r.line);
      for (std::size_t i = 0; i < r.days.size(); ++i)
        FUZZ_CHECK(r.days[i] >= 1 && r.days[i] <= 7 && (i == 0 || r.days[i] > r.days[i - 1]), "days not 1..7 sorted");
      FUZZ_CHECK(date::local_days{r.last_date} >= date::local_days{r.first_date}, "last_date before first_date");
      FUZZ_CHECK(file.sections.count(r.section) == 1, "a row's section is not among the named ones");
    }
  } catch (const std::exception& e) {
    fuzz_unexpected("read_timetable", &e);
  }
  return 0;
}
