#pragma once
// Fan-out of live events to connected dashboards. Subscribers register with who they
// are; publishing copies the sinks under the lock and calls them after releasing it.
// A session ends when its token expires or its user is deactivated, deleted or
// demoted: the hub closes it. With several server instances a relay (PostgreSQL
// NOTIFY) carries each event to the other instances. A room's door display listens
// without an account: it hears only that something about its room changed (never
// what), and asks the display route again.
#include "domain/caller.hpp"

#include <boost/json/object.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace classroom {

enum class Audience { everyone, admins };

// An event with a shorter form for those who may not see all of it: staff see other
// people's bookings only as busy time.
struct Event {
  boost::json::object full;
  Audience audience = Audience::everyone;
  std::optional<boost::json::object> limited;  // for staff other than `owner`
  std::optional<std::int64_t> owner;           // user id who sees `full`
};

class Hub {
 public:
  using Sink = std::function<void(std::shared_ptr<const std::string>)>;
  using Close = std::function<void()>;
  using Relay = std::function<void(const std::string& payload)>;

  std::uint64_t subscribe(const Caller& caller, Sink sink, Close close);
  // A door display: gets kDisplayChanged for each event about `classroom_id`.
  std::uint64_t subscribe_display(std::int64_t classroom_id, Sink sink, Close close);
  static constexpr const char* kDisplayChanged = R"({"type":"display_changed"})";
  void unsubscribe(std::uint64_t id);
  std::size_t subscribers() const;

  // Delivers here at once and hands the event to the relay for other instances.
  void publish(Event event);
  void publish(boost::json::object event, Audience audience) { publish(Event{std::move(event), audience, {}, {}}); }
  // An event relayed from another instance (ignored when it is our own).
  void receive(const std::string& payload);
  void set_relay(Relay relay, std::string instance_id);

  // Closes the user's sessions (deactivated, deleted, demoted, signed out elsewhere).
  std::size_t end_sessions_of(std::int64_t user_id);
  // Closes the sessions whose token expired by `now`.
  std::size_t end_expired(std::int64_t now);
  // Closes the room's door displays (its display link was reset).
  std::size_t end_displays_of(std::int64_t classroom_id);

 private:
  struct Subscriber {
    Caller caller;
    Sink sink;
    Close close;
    std::optional<std::int64_t> display_room;  // set for a door display
  };
  void deliver(const Event& event);
  std::size_t close_where(const std::function<bool(const Subscriber&)>& match);

  mutable std::mutex mu_;
  std::uint64_t next_id_ = 1;
  std::unordered_map<std::uint64_t, Subscriber> subs_;
  Relay relay_;
  std::string instance_id_;
};

}  // namespace classroom
