#pragma once
// JSON shapes of the resources, as the existing clients know them. Pure functions of
// the stored types and the campus time zone.
#include "live/campus.hpp"
#include "storage/buildings.hpp"
#include "storage/classrooms.hpp"
#include "storage/contact.hpp"
#include "storage/devices.hpp"
#include "storage/room_attributes.hpp"
#include "storage/sign_ins.hpp"
#include "storage/users.hpp"

#include <boost/json/object.hpp>

#include <optional>

namespace date { class time_zone; }

namespace classroom {

// ISO 8601 with the campus offset, or null.
boost::json::value time_json(std::optional<std::int64_t> t, const date::time_zone* zone);
// The id, or null.
inline boost::json::value opt_json(const std::optional<std::int64_t>& v) {
  return v ? boost::json::value(*v) : boost::json::value(nullptr);
}

boost::json::object user_json(const User& u, const date::time_zone* zone);
// The last directory or SSO sign-in of a username, for the diagnostics page.
boost::json::object sign_in_json(const SignInRecord& r, const date::time_zone* zone);
boost::json::object device_json(const Device& d, const date::time_zone* zone);
// A classroom with its live status (what the node last said and what the server decides).
boost::json::object classroom_json(const Classroom& c, const RoomLive& live, const date::time_zone* zone);
boost::json::object building_json(const Building& b);
// The rules a booking in a room follows, as the staff booking form shows them.
boost::json::object effective_rules_json(const EffectiveRules& r);
boost::json::object room_attribute_json(const RoomAttribute& a);
boost::json::object contact_json(const ContactMessage& m, const date::time_zone* zone);

template <class T, class F>
boost::json::array json_list(const std::vector<T>& items, F&& view) {
  boost::json::array a;
  a.reserve(items.size());
  for (const auto& i : items) a.push_back(view(i));
  return a;
}

}  // namespace classroom
