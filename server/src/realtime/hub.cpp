#include "realtime/hub.hpp"

#include "util/json_text.hpp"

#include <boost/json/parse.hpp>

#include <vector>

namespace classroom {

namespace json = boost::json;

namespace {

// The room an event is about: its classroom_id, or its booking's.
std::optional<std::int64_t> room_of(const json::object& event) {
  const json::object* o = &event;
  if (auto* b = event.if_contains("booking"); b && b->is_object()) o = &b->as_object();
  if (auto* id = o->if_contains("classroom_id"); id && id->is_int64()) return id->as_int64();
  return std::nullopt;
}

}  // namespace

std::uint64_t Hub::subscribe(const Caller& caller, Sink sink, Close close) {
  std::lock_guard g(mu_);
  auto id = next_id_++;
  subs_.emplace(id, Subscriber{caller, std::move(sink), std::move(close), std::nullopt});
  return id;
}

std::uint64_t Hub::subscribe_display(std::int64_t classroom_id, Sink sink, Close close) {
  std::lock_guard g(mu_);
  auto id = next_id_++;
  subs_.emplace(id, Subscriber{Caller{}, std::move(sink), std::move(close), classroom_id});
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

void Hub::publish(Event event) {
  deliver(event);
  Relay relay;
  std::string instance;
  {
    std::lock_guard g(mu_);
    relay = relay_;
    instance = instance_id_;
  }
  if (!relay) return;
  json::object envelope{{"from", instance},
                        {"audience", event.audience == Audience::admins ? "admins" : "everyone"},
                        {"event", std::move(event.full)}};
  if (event.limited) envelope["limited"] = std::move(*event.limited);
  if (event.owner) envelope["owner"] = *event.owner;
  relay(to_json_text(envelope));
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
  auto* full = o.if_contains("event");
  if (!full || !full->is_object()) return;
  Event e;
  e.full = std::move(full->as_object());
  auto* aud = o.if_contains("audience");
  e.audience = aud && aud->is_string() && aud->as_string() == "admins" ? Audience::admins : Audience::everyone;
  if (auto* l = o.if_contains("limited"); l && l->is_object()) e.limited = std::move(l->as_object());
  if (auto* w = o.if_contains("owner"); w && w->is_int64()) e.owner = w->as_int64();
  deliver(e);
}

void Hub::deliver(const Event& event) {
  auto full = std::make_shared<const std::string>(to_json_text(event.full));
  std::shared_ptr<const std::string> limited;
  if (event.limited) limited = std::make_shared<const std::string>(to_json_text(*event.limited));
  auto room = room_of(event.full);
  std::shared_ptr<const std::string> changed;
  if (room) changed = std::make_shared<const std::string>(kDisplayChanged);
  std::vector<std::pair<Sink, std::shared_ptr<const std::string>>> out;
  {
    std::lock_guard g(mu_);
    out.reserve(subs_.size());
    for (const auto& [id, s] : subs_) {
      if (s.display_room) {
        if (room == s.display_room) out.emplace_back(s.sink, changed);
        continue;
      }
      bool admin = s.caller.role == Role::admin;
      if (event.audience == Audience::admins && !admin) continue;
      bool sees_all = admin || !event.limited || (event.owner && *event.owner == s.caller.user_id);
      out.emplace_back(s.sink, sees_all ? full : limited);
    }
  }
  for (auto& [sink, text] : out) sink(text);
}

std::size_t Hub::close_where(const std::function<bool(const Subscriber&)>& match) {
  std::vector<Close> closing;
  {
    std::lock_guard g(mu_);
    for (auto it = subs_.begin(); it != subs_.end();) {
      if (match(it->second)) {
        closing.push_back(std::move(it->second.close));
        it = subs_.erase(it);
      } else {
        ++it;
      }
    }
  }
  for (auto& c : closing)
    if (c) c();
  return closing.size();
}

std::size_t Hub::end_sessions_of(std::int64_t user_id) {
  return close_where([&](const Subscriber& s) { return !s.display_room && s.caller.user_id == user_id; });
}

std::size_t Hub::end_expired(std::int64_t now) {
  return close_where([&](const Subscriber& s) { return s.caller.expires_at > 0 && s.caller.expires_at <= now; });
}

std::size_t Hub::end_displays_of(std::int64_t classroom_id) {
  return close_where([&](const Subscriber& s) { return s.display_room == classroom_id; });
}

}  // namespace classroom
