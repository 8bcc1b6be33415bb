#pragma once
// The registrar's timetable import (README "Campus set-up"): a CSV file of class
// sections becomes weekly booking series keyed by section. Re-importing changes only
// what the file changed, and only ahead of now; a section the file no longer names has
// its future occurrences cancelled. All or nothing, unless told to skip the lines with
// errors. The HTTP route and `classroomd import timetable` both call run().
#include "domain/timetable_diff.hpp"
#include "services/bookings.hpp"
#include "storage/terms.hpp"
#include "storage/timetable_store.hpp"
#include "util/clock.hpp"

#include <functional>
#include <optional>
#include <string_view>

namespace classroom {

struct ImportOptions {
  bool dry_run = false;
  bool skip_errors = false;
};

// The file had errors and the import was told neither to skip them nor to only try:
// nothing was written, and the caller is answered 400 (the CLI exits 1).
inline bool refused(const ImportReport& r, const ImportOptions& o) {
  return !o.dry_run && !o.skip_errors && !r.errors.empty();
}

class TimetableImportService {
 public:
  // `written` hears of each import that wrote something, with the bookings moved or
  // cancelled (the server follows: power rules, dashboards); may be empty (the CLI).
  using Written = std::function<void(const ImportReport&, const std::vector<std::int64_t>& ended)>;
  // Lectures skip the terms' closed days and the --holiday dates; when terms are
  // defined, a line's dates must lie in one of them.
  TimetableImportService(TimetableStore& store, TermStore& terms, const Clock& clock, const date::time_zone* zone,
                         BookingSettings settings, Written written = {});

  // `importer`: the admin importing (API), or none (CLI: the first active admin). The
  // importer is also the organizer of lines that name none.
  ImportReport run(std::string_view csv, const ImportOptions& options, std::optional<Named> importer);

 private:
  TimetableStore& store_;
  TermStore& terms_;
  const Clock& clock_;
  const date::time_zone* zone_;
  BookingSettings settings_;
  Written written_;
};

}  // namespace classroom
