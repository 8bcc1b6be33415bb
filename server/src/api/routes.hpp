#pragma once
// One small file per resource registers its routes, each given only the services it
// uses; the wiring (app/routes.cpp) registers them all.
#include <functional>
#include <string>
#include <vector>

namespace date { class time_zone; }

namespace classroom {

class AccountService;
class AnalyticsService;
class BookingService;
class BuildingStore;
class Metrics;
struct Cidr;
class Clock;
class ContactStore;
class FirmwareService;
class DisplayService;
class PowerService;
class RateLimiter;
class ReportService;
class ReportWriter;
class RoomAttributeStore;
class RoomService;
class TermStore;
class Router;
class SignInService;
class OidcSignIn;
class TimetableImportService;
class WebhookService;
class MailService;

// What the web app learns before sign-in.
struct PublicSettings {
  std::string timezone;
  bool register_enabled = false;
};

void add_health_routes(Router& r, std::function<bool()> database_reachable, const ReportWriter& writer,
                       PublicSettings settings);
void add_auth_routes(Router& r, AccountService& accounts, SignInService& sign_in, const date::time_zone* zone,
                     bool allow_register);
// Sign-in by a header the proxy in front sets (Shibboleth, mellon), honoured only when
// the connection comes from one of `trusted`.
struct HeaderSignIn {
  std::string user_header;
  std::string groups_header;
  std::vector<Cidr> trusted;
};
void add_header_sign_in_routes(Router& r, SignInService& sign_in, HeaderSignIn settings, const date::time_zone* zone);
// GET /api/auth/oidc/login, /api/auth/oidc/callback, POST /api/auth/oidc/session.
void add_oidc_sign_in_routes(Router& r, OidcSignIn& oidc, const date::time_zone* zone);
// What the sign-in page offers: GET /api/auth/methods.
struct SignInMethods {
  bool password = true;  // the username/password form (local accounts, the directory)
  bool oidc = false;     // "Sign in with ..." (--oidc-issuer)
  bool header = false;   // the proxy in front signs users in (--auth-header)
};
void add_sign_in_method_routes(Router& r, SignInMethods methods);
void add_sign_in_diagnostics_routes(Router& r, SignInService& sign_in, const date::time_zone* zone);
void add_user_routes(Router& r, AccountService& accounts, const date::time_zone* zone);
void add_device_routes(Router& r, RoomService& rooms, const date::time_zone* zone);
void add_building_routes(Router& r, BuildingStore& buildings, const Clock& clock);
void add_room_attribute_routes(Router& r, RoomAttributeStore& attributes, const Clock& clock);
void add_term_routes(Router& r, TermStore& terms, const Clock& clock);
void add_classroom_routes(Router& r, RoomService& rooms, const date::time_zone* zone);
void add_contact_routes(Router& r, ContactStore& contact, RateLimiter& limit, const Clock& clock,
                        const date::time_zone* zone);
// The node protocol; status answers carry the `firmware` offer of a node's rollout,
// its url under `public_url` (else https:// and the request's Host).
void add_esp_routes(Router& r, ReportService& reports, FirmwareService& firmware, std::string public_url);
// Images, rollouts, each device's update state; GET /api/esp/firmware/{version}.
void add_firmware_routes(Router& r, FirmwareService& firmware, const date::time_zone* zone);
void add_power_routes(Router& r, PowerService& power, const date::time_zone* zone);
void add_stats_routes(Router& r, AnalyticsService& analytics);
void add_analytics_routes(Router& r, AnalyticsService& analytics);
void add_booking_routes(Router& r, BookingService& bookings);
void add_booking_series_routes(Router& r, BookingService& bookings);
void add_availability_routes(Router& r, BookingService& bookings, RoomService& rooms, BuildingStore& buildings,
                             RoomAttributeStore& attributes);
void add_webhook_routes(Router& r, WebhookService& webhooks, const date::time_zone* zone);
// GET/PUT /api/auth/me/notifications, GET /api/admin/outbox/mail.
void add_mail_routes(Router& r, MailService& mail, const date::time_zone* zone);
void add_calendar_routes(Router& r, BookingService& bookings);
void add_display_routes(Router& r, DisplayService& displays, const date::time_zone* zone);
void add_timetable_import_routes(Router& r, TimetableImportService& imports);
void add_metrics_routes(Router& r, const Metrics& metrics, std::vector<Cidr> allow);
// GET /api/openapi.json (api/openapi.hpp).
void add_openapi_routes(Router& r);

}  // namespace classroom
