#pragma once
// Node status reports written a batch at a time: one multi-row statement each for
// the status log, the rooms' live state and the devices' contact, instead of three
// statements per report. Included only by storage/*.cpp.
#include "storage/node_writes.hpp"

#include <soci/soci.h>

#include <vector>

namespace classroom {

void write_status_rows(soci::session& s, const std::vector<const StatusWrite*>& rows);

}  // namespace classroom
