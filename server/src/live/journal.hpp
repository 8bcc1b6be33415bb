#pragma once
// The outage journal: while the database cannot take node writes, they are appended
// here and fsync'd before the node is answered, then written into the database in
// order when it is back (also after a restart or a crash). How far it has been
// written is stored in the database in the same transaction as the writes, so a
// replay resumes exactly where the last one stopped.
#include "storage/node_writes.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace classroom {

class Journal {
 public:
  // Opens DIR/FILE, creating it (and DIR) when absent.
  Journal(std::string dir, std::uint64_t max_bytes, const std::string& file = "node-writes.journal");
  ~Journal();
  Journal(const Journal&) = delete;
  Journal& operator=(const Journal&) = delete;

  const std::string& id() const { return id_; }
  // Appends the writes and fsyncs; false (nothing written) when they would pass the size bound.
  bool append(const std::vector<NodeWrite>& writes);
  // Up to `n` writes from byte `offset` (0: the first record); `next` is the offset after them.
  struct Chunk {
    std::vector<NodeWrite> writes;
    std::uint64_t next = 0;
  };
  Chunk read(std::uint64_t offset, std::size_t n) const;
  std::uint64_t first_record() const { return header_size_; }
  std::uint64_t end() const { return size_; }
  std::uint64_t max_bytes() const { return max_bytes_; }
  // Everything was replayed: start a new, empty journal (a new id).
  void reset();

 private:
  void create();
  std::string path_;
  std::uint64_t max_bytes_;
  int fd_ = -1;
  std::string id_;
  std::uint64_t header_size_ = 0;
  std::uint64_t size_ = 0;
};

// One journal record: a node write as a line of JSON (exposed for the tests).
std::string journal_line(const NodeWrite& w);
std::optional<NodeWrite> parse_journal_line(const std::string& line);

}  // namespace classroom
