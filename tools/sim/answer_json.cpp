#include "answer_json.hpp"

#include <boost/json.hpp>

#include "wire.hpp"

namespace json = boost::json;

namespace sim {
namespace {

// A field read from an object: absent, present with the right type, or wrong.
template <class T>
struct Field {
  bool present = false;
  bool wrong = false;
  T value{};
};

Field<bool> get_bool(const json::object& o, std::string_view key) {
  Field<bool> f;
  auto* v = o.if_contains(key);
  if (!v || v->is_null()) return f;
  f.present = true;
  if (v->is_bool()) f.value = v->get_bool();
  else f.wrong = true;
  return f;
}

Field<std::int64_t> get_int(const json::object& o, std::string_view key) {
  Field<std::int64_t> f;
  auto* v = o.if_contains(key);
  if (!v || v->is_null()) return f;
  f.present = true;
  if (v->is_int64()) f.value = v->get_int64();
  else if (v->is_uint64() && v->get_uint64() <= static_cast<std::uint64_t>(INT64_MAX))
    f.value = static_cast<std::int64_t>(v->get_uint64());
  else f.wrong = true;
  return f;
}

Field<std::string> get_string(const json::object& o, std::string_view key) {
  Field<std::string> f;
  auto* v = o.if_contains(key);
  if (!v || v->is_null()) return f;
  f.present = true;
  if (v->is_string()) f.value = std::string(v->get_string());
  else f.wrong = true;
  return f;
}

const json::object* parse_object(std::string_view body, json::value& holder, std::string& error) {
  boost::system::error_code ec;
  holder = json::parse(body, ec);
  if (ec) {
    error = "not JSON";
    return nullptr;
  }
  if (!holder.is_object()) {
    error = "not a JSON object";
    return nullptr;
  }
  return &holder.get_object();
}

bool required_bool(const json::object& o, std::string_view key, bool& out, std::string& error) {
  auto f = get_bool(o, key);
  if (!f.present || f.wrong) {
    error = std::string(key) + (f.wrong ? " is not a boolean" : " is missing");
    return false;
  }
  out = f.value;
  return true;
}

// Reads server_time (ISO 8601) when present; false when it is there but unreadable.
bool server_time(const json::object& o, std::optional<std::int64_t>& out, std::string& error) {
  auto f = get_string(o, "server_time");
  if (f.wrong) {
    error = "server_time is not a string";
    return false;
  }
  if (!f.present) return true;
  out = fw::parse_iso8601(f.value);
  if (!out) {
    error = "server_time is not an ISO 8601 time";
    return false;
  }
  return true;
}

std::optional<fw::Command> read_command(const json::value& v, std::string& error) {
  if (!v.is_object()) {
    error = "command is not an object";
    return std::nullopt;
  }
  const auto& o = v.get_object();
  auto id = get_int(o, "id");
  if (!id.present || id.wrong) {
    error = "command id is missing or not an integer";
    return std::nullopt;
  }
  fw::Command c{id.value, true};
  if (!required_bool(o, "power_on", c.power_on, error)) return std::nullopt;
  return c;
}

// The `firmware` offer when it is complete; anything else is no offer.
std::optional<fw::FirmwareOffer> read_offer(const json::object& o) {
  auto* v = o.if_contains("firmware");
  if (!v || !v->is_object()) return std::nullopt;
  const auto& f = v->get_object();
  auto version = get_string(f, "version"), url = get_string(f, "url"), sha = get_string(f, "sha256"),
       sig = get_string(f, "signature");
  auto size = get_int(f, "size");
  for (auto* s : {&version, &url, &sha, &sig})
    if (!s->present || s->wrong) return std::nullopt;
  if (!size.present || size.wrong) return std::nullopt;
  return fw::FirmwareOffer{version.value, url.value, sha.value, size.value, sig.value};
}

fw::AnswerBody status_answer(const json::object& o, std::string& error) {
  fw::StatusAnswer a;
  if (!required_bool(o, "power_on", a.power_on, error)) return {};
  if (!required_bool(o, "is_booked", a.is_booked, error)) return {};
  auto reason = get_string(o, "reason");
  if (reason.wrong) {
    error = "reason is not a string";
    return {};
  }
  a.reason = reason.value;
  auto next = get_int(o, "next_report_s");
  if (next.wrong || (next.present && (next.value < 0 || next.value > INT32_MAX))) {
    error = "next_report_s is not a whole number of seconds";
    return {};
  }
  if (next.present) a.next_report_s = static_cast<std::int32_t>(next.value);
  if (!server_time(o, a.server_time, error)) return {};
  // Additions a node can live without: an unreadable one is ignored, not fatal.
  if (auto last = get_int(o, "last_seq"); last.present && !last.wrong) a.last_seq = last.value;
  if (auto until = get_string(o, "booked_until"); until.present && !until.wrong)
    a.booked_until = fw::parse_iso8601(until.value);
  a.firmware = read_offer(o);
  if (auto* c = o.if_contains("command"); c && !c->is_null()) {
    a.command = read_command(*c, error);
    if (!a.command) return {};
  }
  return a;
}

fw::AnswerBody batch_answer(const json::object& o, std::string& error) {
  fw::BatchAnswer a;
  auto accepted = get_int(o, "accepted");
  auto duplicates = get_int(o, "duplicates");
  auto last = get_int(o, "last_seq");
  if (!accepted.present || accepted.wrong || duplicates.wrong || last.wrong) {
    error = "accepted, duplicates or last_seq is missing or not an integer";
    return {};
  }
  a.accepted = accepted.value;
  a.duplicates = duplicates.value;
  if (last.present) a.last_seq = last.value;
  return a;
}

}  // namespace

fw::AnswerBody parse_answer(fw::RequestKind kind, std::string_view body, std::string& error) {
  json::value holder;
  const json::object* o = parse_object(body, holder, error);
  if (!o) return {};
  switch (kind) {
    case fw::RequestKind::Status: return status_answer(*o, error);
    case fw::RequestKind::Batch: return batch_answer(*o, error);
    case fw::RequestKind::Heartbeat: {
      fw::HeartbeatAnswer a;
      if (!server_time(*o, a.server_time, error)) return {};
      return a;
    }
    case fw::RequestKind::PowerLog: return fw::PowerLogAnswer{};
  }
  return {};
}

std::optional<fw::CommandsAnswer> parse_commands(std::string_view body, std::string& error) {
  json::value holder;
  const json::object* o = parse_object(body, holder, error);
  if (!o) return std::nullopt;
  auto* list = o->if_contains("commands");
  if (!list || !list->is_array()) {
    error = "commands is missing or not a list";
    return std::nullopt;
  }
  fw::CommandsAnswer a;
  for (const auto& item : list->get_array()) {
    auto c = read_command(item, error);
    if (!c) return std::nullopt;
    a.commands.push_back(*c);
  }
  return a;
}

fw::Reply make_reply(fw::RequestKind kind, int status, std::string_view body, int retry_after_s,
                     const std::string& transport_error) {
  fw::Reply r;
  r.status = status;
  r.retry_after_s = retry_after_s;
  r.error = transport_error;
  if (status == 200) r.body = parse_answer(kind, body, r.error);
  else if (status != 0 && r.error.empty()) r.error = std::string(body.substr(0, 200));
  return r;
}

}  // namespace sim
