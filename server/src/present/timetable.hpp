#pragma once
// The answer of a timetable import, for the API and `classroomd import timetable` alike:
// the counts and errors the README names, and each section's changes.
#include "domain/timetable_diff.hpp"

#include <boost/json/object.hpp>

namespace classroom {

boost::json::object import_report_json(const ImportReport& r);

}  // namespace classroom
