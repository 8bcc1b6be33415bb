#include "api/common.hpp"
#include "api/routes.hpp"
#include "present/resources.hpp"
#include "auth/rate_limit.hpp"
#include "storage/contact.hpp"
#include "util/clock.hpp"

namespace classroom {

void add_contact_routes(Router& r, ContactStore& contact, RateLimiter& limit, const Clock& clock,
                        const date::time_zone* zone) {
  r.add("POST", "/api/contact", Access::open, [&contact, &limit, &clock](Request& req) {
    Input in(req.body);
    ContactMessage m;
    m.name = in.str("name", 100);
    m.email = in.str("email", 254);
    if (!looks_like_email(m.email)) throw BadRequest("email", "email is not a valid address");
    m.subject = in.str("subject", 200);
    m.message = in.str("message", 5000);
    m.message_type = in.opt_str("message_type", 32).value_or("general");
    if (m.message_type.empty()) m.message_type = "general";
    check_identifier("message_type", m.message_type, 1);
    if (int wait = limit.hit(req.remote, clock.now())) throw TooManyRequests(wait);
    auto id = contact.create(m, clock.now());
    return created(boost::json::object{{"message", "Thank you, your message was received"}, {"contact_id", id}});
  });

  r.add("GET", "/api/admin/contact-messages", Access::admin, [&contact, zone](Request&) {
    return ok(json_list(contact.list(), [&](const ContactMessage& m) { return contact_json(m, zone); }));
  });

  r.add("PUT", "/api/admin/contact-messages/{id}", Access::admin, [&contact, &clock](Request& req) {
    auto id = path_id(req);
    Input in(req.body);
    contact.set_read(id, in.boolean("is_read"), clock.now());
    return message("Updated");
  });

  r.add("DELETE", "/api/admin/contact-messages/{id}", Access::admin, [&contact](Request& req) {
    contact.remove(path_id(req));
    return message("Deleted");
  });
}

}  // namespace classroom
