#pragma once
// PostgreSQL: node status reports written a batch at a time, one array statement each
// for the status log, the rooms' live state and the devices' contact, instead of three
// statements per report (a round trip each). SQLite writes each report with prepared
// statements (storage/node_writes.cpp). Included only by storage/*.cpp.
#include "storage/node_writes.hpp"

#include <soci/soci.h>

#include <vector>

namespace classroom {

void write_status_rows(soci::session& s, const std::vector<const StatusWrite*>& rows);

}  // namespace classroom
