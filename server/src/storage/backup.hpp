#pragma once
// `classroomd backup` and `classroomd restore`. SQLite: SQLite's online backup, a
// consistent copy while the server runs. PostgreSQL: pg_dump's custom format and
// pg_restore (from PATH), whose versions must be those of the server.
#include <cstdint>
#include <string>

namespace classroom {

// Writes the database to `out` (which must not exist yet; written under a temporary
// name and renamed, so a failed backup leaves nothing). Returns the bytes written.
// Throws std::runtime_error with what went wrong.
std::uintmax_t backup_database(const std::string& url, const std::string& out);

// Loads a backup into the database. Refuses a database that already holds tables
// unless `force` (then its content is replaced), and a file that is not a backup.
// Throws std::runtime_error with what went wrong.
void restore_database(const std::string& url, const std::string& in, bool force);

}  // namespace classroom
