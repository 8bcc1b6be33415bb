#pragma once
// Fan-out of live events to connected dashboards. Subscribers register a sink and a
// role; publishing copies the sinks under the lock and calls them after releasing it.
// With several server instances a relay (PostgreSQL NOTIFY) carries each event to
// the other instances, which deliver it to their own subscribers.
#include "http/message.hpp"

#include <boost/json/object.hpp>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace classroom {

enum class Audience { everyone, admins };

class Hub {
 public:
  using Sink = std::function<void(std::shared_ptr<const std::string>)>;
  using Relay = std::function<void(const std::string& payload)>;

  std::uint64_t subscribe(Role role, Sink sink);
  void unsubscribe(std::uint64_t id);
  std::size_t subscribers() const;

  // Delivers here at once and hands the event to the relay for other instances.
  void publish(boost::json::object event, Audience audience);
  // An event relayed from another instance (ignored when it is our own).
  void receive(const std::string& payload);
  void set_relay(Relay relay, std::string instance_id);

 private:
  void deliver(const std::string& text, Audience audience);

  mutable std::mutex mu_;
  std::uint64_t next_id_ = 1;
  struct Subscriber {
    Role role;
    Sink sink;
  };
  std::unordered_map<std::uint64_t, Subscriber> subs_;
  Relay relay_;
  std::string instance_id_;
};

}  // namespace classroom
