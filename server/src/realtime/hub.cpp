#include "realtime/hub.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <vector>

namespace classroom {

namespace json = boost::json;

std::uint64_t Hub::subscribe(Role role, Sink sink) {
  std::lock_guard g(mu_);
  auto id = next_id_++;
  subs_.emplace(id, Subscriber{role, std::move(sink)});
  return id;
}

void Hub::unsubscribe(std::uint64_t id) {
  std::lock_guard g(mu_);
  subs_.erase(id);
}

std::size_t Hub::subscribers() const {
  std::lock_guard g(mu_);
  return subs_.size();
}

void Hub::set_relay(Relay relay, std::string instance_id) {
  std::lock_guard g(mu_);
  relay_ = std::move(relay);
  instance_id_ = std::move(instance_id);
}

void Hub::publish(json::object event, Audience audience) {
  std::string text = to_json_text(event);
  deliver(text, audience);
  Relay relay;
  std::string instance;
  {
    std::lock_guard g(mu_);
    relay = relay_;
    instance = instance_id_;
  }
  if (relay) {
    json::object envelope{{"from", instance},
                          {"audience", audience == Audience::admins ? "admins" : "everyone"},
                          {"event", std::move(event)}};
    relay(to_json_text(envelope));
  }
}

void Hub::receive(const std::string& payload) {
  boost::system::error_code ec;
  auto v = json::parse(payload, ec);
  if (ec || !v.is_object()) return;
  auto& o = v.as_object();
  {
    std::lock_guard g(mu_);
    if (auto* from = o.if_contains("from"); from && from->is_string() && from->as_string() == instance_id_) return;
  }
  auto* event = o.if_contains("event");
  if (!event || !event->is_object()) return;
  auto* aud = o.if_contains("audience");
  bool admins = aud && aud->is_string() && aud->as_string() == "admins";
  deliver(to_json_text(*event), admins ? Audience::admins : Audience::everyone);
}

void Hub::deliver(const std::string& text, Audience audience) {
  auto shared = std::make_shared<const std::string>(text);
  std::vector<Sink> sinks;
  {
    std::lock_guard g(mu_);
    sinks.reserve(subs_.size());
    for (const auto& [id, s] : subs_)
      if (audience == Audience::everyone || s.role == Role::admin) sinks.push_back(s.sink);
  }
  for (auto& s : sinks) s(shared);
}

}  // namespace classroom
