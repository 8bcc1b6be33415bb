#include "api/common.hpp"
#include "api/routes.hpp"
#include "present/resources.hpp"
#include "services/webhooks.hpp"

namespace classroom {

namespace json = boost::json;

namespace {

// The secret is never shown back: only that there is one.
json::object webhook_json(const Webhook& w, const date::time_zone* zone) {
  return {{"id", w.id},
          {"url", w.url},
          {"events", string_array(w.events)},
          {"secret_set", !w.secret.empty()},
          {"created_at", time_json(w.created_at, zone)}};
}

json::object delivery_json(const Delivery& d, const date::time_zone* zone) {
  const char* status = d.delivered_at ? "delivered" : d.attempts > 0 ? "failing" : "pending";
  return {{"id", d.id},
          {"event", d.event},
          {"delivery_id", d.delivery_id},
          {"attempts", d.attempts},
          {"status", status},
          {"last_status", d.last_status ? json::value(*d.last_status) : nullptr},
          {"last_error", d.last_error},
          {"created_at", time_json(d.created_at, zone)},
          {"next_attempt_at", d.delivered_at ? json::value(nullptr) : time_json(d.next_attempt_at, zone)},
          {"delivered_at", time_json(d.delivered_at, zone)}};
}

std::vector<std::string> read_events(const Input& in) {
  const auto* v = in.object().if_contains("events");
  if (!v || v->is_null()) throw BadRequest("events", "events is required: a list of event names");
  if (!v->is_array()) throw BadRequest("events", "events must be a list of event names");
  const auto& a = v->as_array();
  if (a.size() > 32) throw BadRequest("events", "events may name at most 32 events");
  std::vector<std::string> out;
  for (const auto& e : a) {
    if (!e.is_string() || e.as_string().size() > 64) throw BadRequest("events", "events must be a list of event names");
    out.emplace_back(e.as_string());
  }
  return out;
}

}  // namespace

void add_webhook_routes(Router& r, WebhookService& webhooks, const date::time_zone* zone) {
  r.add("GET", "/api/admin/webhooks", Access::admin, [&webhooks, zone](Request&) {
    return ok(json_list(webhooks.list(), [zone](const Webhook& w) { return webhook_json(w, zone); }));
  });

  r.add("POST", "/api/admin/webhooks", Access::admin, [&webhooks, zone](Request& req) {
    Input in(req.body);
    auto url = in.str("url", 2000);
    auto events = read_events(in);
    auto secret = in.str("secret", 256);
    return created(webhook_json(webhooks.create(url, events, secret), zone));
  });

  r.add("DELETE", "/api/admin/webhooks/{id}", Access::admin, [&webhooks](Request& req) {
    webhooks.remove(path_id(req));
    return message("Webhook deleted");
  });

  r.add("GET", "/api/admin/webhooks/{id}/deliveries", Access::admin, [&webhooks, zone](Request& req) {
    return ok(json_list(webhooks.deliveries(path_id(req)), [zone](const Delivery& d) { return delivery_json(d, zone); }));
  });

  r.add("POST", "/api/admin/webhooks/{id}/test", Access::admin, [&webhooks](Request& req) {
    webhooks.test(path_id(req));
    return json_response(202, json::object{{"message", "Test delivery queued"}});
  });

  r.add("GET", "/api/admin/outbox", Access::admin, [&webhooks, zone](Request&) {
    auto s = webhooks.stats();
    return ok(json::object{{"depth", s.depth}, {"failing", s.failing}, {"oldest_pending", time_json(s.oldest_pending, zone)}});
  });
}

}  // namespace classroom
