#include "api/common.hpp"
#include "api/routes.hpp"
#include "api/views.hpp"
#include "app/app.hpp"

namespace classroom {

void add_contact_routes(Router& r, App& app) {
  r.add("POST", "/api/contact", Access::open, [&app](Request& req) {
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
    if (int wait = app.contact_by_client.hit(req.remote, unix_now())) throw TooManyRequests(wait);
    auto id = app.contact.create(m);
    return created(boost::json::object{{"message", "Thank you, your message was received"}, {"contact_id", id}});
  });

  r.add("GET", "/api/admin/contact-messages", Access::admin, [&app](Request&) {
    return ok(json_list(app.contact.list(), [&](const ContactMessage& m) { return contact_json(m, app.zone); }));
  });

  r.add("PUT", "/api/admin/contact-messages/{id}", Access::admin, [&app](Request& req) {
    auto id = path_id(req);
    Input in(req.body);
    app.contact.set_read(id, in.boolean("is_read"));
    return message("Updated");
  });

  r.add("DELETE", "/api/admin/contact-messages/{id}", Access::admin, [&app](Request& req) {
    app.contact.remove(path_id(req));
    return message("Deleted");
  });
}

}  // namespace classroom
