#pragma once
// The outage journals of the report writers, one a writer (see live/journal.hpp), and
// which writer a device's writes belong to.
#include "storage/node_writes.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

namespace classroom {

// The device a write is about; empty for writes about none (a command applied, an event).
std::string device_of(const NodeWrite& w);

// The writer of a device's writes among `writers`: always the same one, so their order holds.
std::size_t writer_of(const std::string& device, std::size_t writers);

// The journal file of writer `index`; the first keeps the name from before there were several.
std::string journal_file(std::size_t index);

// Before the writers start: the writes still to be stored in DIR's journals that were
// journaled under another number of writers (an upgrade from one writer, a build with
// more) are dealt out again, each to the journal of the writer its device has now, so no
// journal is left that no writer reads and a device's writes stay in one journal, in
// order. `replayed_to(journal id)` is how far the database has stored a journal (0 when
// it cannot tell: the journal is taken whole). The new journals are written beside the
// old ones and take their place once a commit marker is on disk, so a crash part way
// leaves either set whole. Returns how many writes were dealt out (0: nothing to do).
std::size_t deal_journals(const std::string& dir, std::size_t writers,
                          const std::function<std::int64_t(const std::string&)>& replayed_to);

}  // namespace classroom
