#include "present/resources.hpp"

#include "domain/time.hpp"
#include "present/live.hpp"
#include "util/json_text.hpp"

#include <cstdio>

namespace classroom {

namespace json = boost::json;

json::value time_json(std::optional<std::int64_t> t, const date::time_zone* zone) {
  if (!t) return nullptr;
  return json::string(format_iso(from_unix(*t), zone));
}

json::object user_json(const User& u, const date::time_zone* zone) {
  return {{"id", u.id},
          {"username", u.username},
          {"email", u.email},
          {"role", role_name(u.role)},
          {"is_active", u.is_active},
          {"source", u.source},
          {"approver_scopes", string_array(u.approver_scopes)},
          {"directory_groups", string_array(u.directory_groups)},
          {"created_at", time_json(u.created_at, zone)}};
}

json::object sign_in_json(const SignInRecord& r, const date::time_zone* zone) {
  json::array attributes;
  for (const auto& [name, value] : r.attributes) attributes.push_back(json::object{{"name", name}, {"value", value}});
  return {{"username", r.username},
          {"at", time_json(r.at, zone)},
          {"source", r.source},
          {"outcome", r.outcome},
          {"attributes", std::move(attributes)},
          {"groups", string_array(r.groups)},
          {"matched_rules", string_array(r.matched_rules)},
          {"role", r.role.empty() ? json::value(nullptr) : json::value(r.role)},
          {"reason", r.reason},
          {"error", r.error}};
}

json::object device_json(const Device& d, const date::time_zone* zone) {
  return {{"id", d.id},
          {"device_id", d.device_id},
          {"name", d.name},
          {"mac_address", d.mac_address},
          {"is_active", d.is_active},
          {"is_connected", d.is_connected},
          {"last_seen", time_json(d.last_seen, zone)},
          {"firmware_version", d.firmware_version.empty() ? json::value(nullptr) : json::value(d.firmware_version)},
          {"classroom_id", d.classroom_id ? json::value(*d.classroom_id) : json::value(nullptr)},
          {"classroom_name", d.classroom_id ? json::value(d.classroom_name) : json::value(nullptr)},
          {"key_weak", d.key_weak},
          {"health", {{"rssi", d.health.rssi ? json::value(*d.health.rssi) : json::value(nullptr)},
                      {"uptime_s", d.health.uptime_s ? json::value(*d.health.uptime_s) : json::value(nullptr)},
                      {"free_heap", d.health.free_heap ? json::value(*d.health.free_heap) : json::value(nullptr)},
                      {"reset_reason", d.health.reset_reason.empty() ? json::value(nullptr) : json::value(d.health.reset_reason)},
                      {"at", time_json(d.health_at, zone)}}},
          {"created_at", time_json(d.created_at, zone)}};
}

namespace {

// A room's or a building's own booking rules: null where it sets none.
json::object with_rules(json::object o, const RuleSet& r) {
  auto opt = [](const auto& v) { return v ? json::value(*v) : json::value(nullptr); };
  o["max_booking_min"] = opt(r.max_booking_min);
  o["earliest_start"] = opt(r.earliest_start);
  o["latest_end"] = opt(r.latest_end);
  o["min_notice_min"] = opt(r.min_notice_min);
  o["max_ahead_days"] = opt(r.max_ahead_days);
  o["buffer_min"] = opt(r.buffer_min);
  o["allowed_roles"] = r.allowed_roles ? json::value(string_array(*r.allowed_roles)) : json::value(nullptr);
  o["allowed_groups"] = r.allowed_groups ? json::value(string_array(*r.allowed_groups)) : json::value(nullptr);
  return o;
}

std::string hh_mm(std::chrono::minutes m) {
  char text[8];
  std::snprintf(text, sizeof text, "%02d:%02d", static_cast<int>(m.count() / 60), static_cast<int>(m.count() % 60));
  return text;
}

}  // namespace

json::object effective_rules_json(const EffectiveRules& r) {
  json::array roles;
  for (auto role : r.allowed_roles) roles.push_back(json::string(role_name(role)));
  return {{"max_booking_min", r.max_booking_min},
          {"earliest_start", r.earliest_start ? json::value(hh_mm(*r.earliest_start)) : json::value(nullptr)},
          {"latest_end", r.latest_end ? json::value(hh_mm(*r.latest_end)) : json::value(nullptr)},
          {"min_notice_min", r.min_notice_min},
          {"max_ahead_days", r.max_ahead_days},
          {"buffer_min", r.buffer_min},
          {"allowed_roles", std::move(roles)},
          {"allowed_groups", string_array(r.allowed_groups)}};
}

json::object classroom_json(const Classroom& c, const RoomLive& live, const date::time_zone* zone) {
  return with_rules({{"id", c.id},
          {"name", c.name},
          {"location", c.location},
          {"building_id", c.building_id ? json::value(*c.building_id) : json::value(nullptr)},
          {"floor", c.floor.empty() ? json::value(nullptr) : json::value(c.floor)},
          {"attributes", string_array(c.attributes)},
          {"capacity", c.capacity},
          {"is_active", c.is_active},
          {"esp_device_id", c.esp_device_id ? json::value(*c.esp_device_id) : json::value(nullptr)},
          {"idle_timeout_s", c.settings.idle_timeout_s},
          {"power_off_delay_s", c.settings.power_off_delay_s},
          {"auto_power_on", c.settings.auto_power_on},
          {"rated_load_w", c.settings.rated_load_w},
          {"no_show_grace_s", c.settings.no_show_grace_s},
          {"requires_approval", c.requires_approval},
          {"created_at", time_json(c.created_at, zone)},
          {"status", status_json(live, zone)}}, c.rules);
}

json::object building_json(const Building& b) {
  return with_rules({{"id", b.id},           {"name", b.name},   {"code", b.code},
          {"address", b.address}, {"opening_hours", b.opening_hours}, {"rooms", b.rooms},
          {"requires_approval", b.requires_approval}}, b.rules);
}

json::object room_attribute_json(const RoomAttribute& a) {
  return {{"id", a.id}, {"key", a.key}, {"label", a.label}, {"rooms", string_array(a.rooms)}};
}

json::object contact_json(const ContactMessage& m, const date::time_zone* zone) {
  return {{"id", m.id},
          {"name", m.name},
          {"email", m.email},
          {"subject", m.subject},
          {"message", m.message},
          {"message_type", m.message_type},
          {"is_read", m.is_read},
          {"created_at", time_json(m.created_at, zone)}};
}

}  // namespace classroom
