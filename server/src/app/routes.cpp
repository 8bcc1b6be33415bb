#include "app/wiring.hpp"

#include "api/routes.hpp"
#include "http/client_address.hpp"

namespace classroom {

void add_routes(Router& r, Wiring& w) {
  add_health_routes(r, [&w] { return w.database_reachable(); }, w.writer,
                    PublicSettings{w.cfg.timezone, w.cfg.allow_register});
  add_auth_routes(r, w.accounts, w.sign_in, w.zone, w.cfg.allow_register);
  HeaderSignIn header{w.cfg.auth_header, w.cfg.groups_header, {}};
  for (const auto& cidr : w.cfg.trusted_proxies) header.trusted.push_back(*parse_cidr(cidr));  // checked by CLI11
  add_header_sign_in_routes(r, w.sign_in, std::move(header), w.zone);
  add_oidc_sign_in_routes(r, w.oidc, w.zone);
  // The form stays for local accounts unless --local-login off and no directory.
  add_sign_in_method_routes(r, {w.cfg.local_login != "off" || !w.cfg.ldap_url.empty(), w.oidc.enabled(),
                                !w.cfg.auth_header.empty()});
  add_sign_in_diagnostics_routes(r, w.sign_in, w.zone);
  add_user_routes(r, w.accounts, w.zone);
  add_device_routes(r, w.rooms, w.zone);
  add_classroom_routes(r, w.rooms, w.zone);
  add_building_routes(r, w.stores.buildings, w.clock);
  add_room_attribute_routes(r, w.stores.attributes, w.clock);
  add_term_routes(r, w.stores.terms, w.clock);
  add_contact_routes(r, w.stores.contact, w.contact_limit, w.clock, w.zone);
  add_esp_routes(r, w.reports, w.firmware, w.cfg.public_url);
  add_firmware_routes(r, w.firmware, w.zone);
  add_power_routes(r, w.power, w.zone);
  add_stats_routes(r, w.analytics);
  add_analytics_routes(r, w.analytics);
  add_booking_routes(r, w.bookings);
  add_booking_series_routes(r, w.bookings);
  add_availability_routes(r, w.bookings, w.rooms, w.stores.buildings, w.stores.attributes);
  add_timetable_import_routes(r, w.imports);
  add_calendar_routes(r, w.bookings);
  add_display_routes(r, w.displays, w.zone);
  add_webhook_routes(r, w.webhooks, w.zone);
  add_mail_routes(r, w.mail, w.zone);
  std::vector<Cidr> allow;
  for (const auto& cidr : w.cfg.metrics_allow) allow.push_back(*parse_cidr(cidr));  // checked by CLI11
  add_metrics_routes(r, w.metrics, std::move(allow));
  add_openapi_routes(r);

  // Read often, changed seldom, the same for everyone the route lets in.
  for (const char* read : {"/api/staff/classrooms", "/api/admin/classrooms", "/api/staff/free-rooms",
                           "/api/staff/buildings", "/api/admin/buildings", "/api/admin/devices/status",
                           "/api/admin/stats", "/api/admin/analytics/utilization"})
    r.wrap("GET", read, [&w](SyncHandler h) { return w.reads.in_front_of(std::move(h)); });
}

}  // namespace classroom
