// A user's own mail choices, and the admins' view of the mail outbox.
#include "api/common.hpp"
#include "api/routes.hpp"
#include "present/resources.hpp"
#include "services/mail.hpp"

namespace classroom {

namespace json = boost::json;

namespace {

json::object prefs_json(const NotificationPrefs& p) {
  return {{"mail_bookings", p.mail_bookings},
          {"reminder_min", p.reminder_min ? json::value(*p.reminder_min) : json::value(nullptr)}};
}

json::object mail_json(const MailEntry& m, const date::time_zone* zone) {
  return {{"id", m.id},
          {"to", m.to},
          {"event", m.event},
          {"delivery_id", m.delivery_id},
          {"status", m.status},
          {"attempts", m.attempts},
          {"last_status", m.last_status ? json::value(*m.last_status) : nullptr},
          {"last_error", m.last_error},
          {"created_at", time_json(m.created_at, zone)},
          {"next_attempt_at", time_json(m.next_attempt_at, zone)},
          {"delivered_at", time_json(m.delivered_at, zone)},
          {"failed_at", time_json(m.failed_at, zone)}};
}

}  // namespace

void add_mail_routes(Router& r, MailService& mail, const date::time_zone* zone) {
  r.add("GET", "/api/auth/me/notifications", Access::user,
        [&mail](Request& req) { return ok(prefs_json(mail.prefs(req.caller->user_id))); });

  // Only the fields given change; "reminder_min": null turns reminders off.
  r.add("PUT", "/api/auth/me/notifications", Access::user, [&mail](Request& req) {
    Input in(req.body);
    auto p = mail.prefs(req.caller->user_id);
    if (auto on = in.opt_bool("mail_bookings")) p.mail_bookings = *on;
    if (in.object().contains("reminder_min")) {
      auto minutes = in.opt_int("reminder_min", 5, 10080);
      p.reminder_min = minutes ? std::optional<int>(static_cast<int>(*minutes)) : std::nullopt;
    }
    return ok(prefs_json(mail.set_prefs(req.caller->user_id, p)));
  });

  r.add("GET", "/api/admin/outbox/mail", Access::admin, [&mail, zone](Request&) {
    return ok(json_list(mail.recent(), [zone](const MailEntry& m) { return mail_json(m, zone); }));
  });
}

}  // namespace classroom
