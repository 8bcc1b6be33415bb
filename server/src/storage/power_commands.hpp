#pragma once
// Manual power commands (overrides): stored with an expiry and, for a staff
// override, the booking that allowed it; pending until the node confirms.
#include "domain/energy.hpp"
#include "domain/states.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace classroom {

class Db;

struct PowerCommand {
  std::int64_t id = 0;
  std::int64_t classroom_id = 0;
  std::string device_id;
  bool power_on = false;
  std::string source;
  std::optional<std::int64_t> user_id;
  CommandState state = CommandState::pending;
  std::int64_t created_at = 0;
  std::int64_t expires_at = 0;
  std::optional<std::int64_t> applied_at;
  std::optional<std::int64_t> booking_id;  // the booking a staff override belongs to
};

class PowerCommandStore {
 public:
  explicit PowerCommandStore(Db& db) : db_(db) {}
  // A new manual command supersedes the room's earlier live ones.
  PowerCommand create_command(const PowerCommand& c);
  void cancel_commands(std::int64_t classroom_id, std::int64_t now);
  std::vector<PowerCommand> live_commands(std::int64_t now);  // pending or applied, unexpired
  void expire_commands(std::int64_t now);
  // The booking ended early (cancelled, shortened, released): its override ends too.
  void end_for_booking(std::int64_t booking_id, std::int64_t now);
  // Every command that held some of [from, to), by room, oldest first (analytics).
  std::map<std::int64_t, std::vector<CommandSpan>> spans_between(std::int64_t from, std::int64_t to);

 private:
  // Ends the live commands whose `column` (a constant) is `key`.
  void cancel_live(const char* column, std::int64_t key, std::int64_t now);
  Db& db_;
};

}  // namespace classroom
