#pragma once
// The wiring: config → storage → services. main() builds one, registers the routes
// on its services and hands them to the listener; nothing here decides anything.
#include "app/config.hpp"
#include "auth/jwt.hpp"
#include "auth/rate_limit.hpp"
#include "http/read_cache.hpp"
#include "live/campus.hpp"
#include "live/report_writer.hpp"
#include "realtime/hub.hpp"
#include "services/accounts.hpp"
#include "services/analytics.hpp"
#include "services/background.hpp"
#include "services/bookings.hpp"
#include "services/campus_sync.hpp"
#include "services/display.hpp"
#include "services/firmware.hpp"
#include "services/power.hpp"
#include "services/reports.hpp"
#include "services/rooms.hpp"
#include "services/oidc_sign_in.hpp"
#include "services/sign_in.hpp"
#include "services/timetable_import.hpp"
#include "services/webhook_sender.hpp"
#include "services/webhooks.hpp"
#include "services/mail.hpp"
#include "storage/booking_spans.hpp"
#include "storage/booking_store.hpp"
#include "storage/buildings.hpp"
#include "storage/room_attributes.hpp"
#include "storage/terms.hpp"
#include "storage/change_counter.hpp"
#include "storage/classrooms.hpp"
#include "storage/contact.hpp"
#include "storage/devices.hpp"
#include "storage/firmware.hpp"
#include "storage/logs.hpp"
#include "storage/node_writes.hpp"
#include "storage/outbox.hpp"
#include "storage/power_commands.hpp"
#include "storage/oidc_flows.hpp"
#include "storage/sign_ins.hpp"
#include "storage/timetable_store.hpp"
#include "storage/users.hpp"
#include "util/clock.hpp"
#include "util/metrics.hpp"

#include <memory>

namespace date { class time_zone; }

namespace classroom {

class Db;

// Reads the JWT secret from config, or (SQLite only) from var_dir/jwt-secret,
// generating it with mode 0600 on first start. PostgreSQL without one: error.
std::string resolve_jwt_secret(const Config& cfg, bool sqlite);
// The booking rules of the config (holidays already checked by CLI11).
BookingSettings booking_settings(const Config& cfg);

struct Stores {
  explicit Stores(Db& db);
  UserStore users;
  DeviceStore devices;
  ClassroomStore rooms;
  BuildingStore buildings;
  RoomAttributeStore attributes;
  TermStore terms;
  ContactStore contact;
  NodeWriteStore node_writes;
  PowerCommandStore commands;
  LogStore logs;
  BookingSpans spans;
  BookingStore bookings;
  ChangeCounter changes;
  SignInStore sign_ins;
  TimetableStore timetable;
  WebhookStore webhooks;
  OutboxStore outbox;
  MailStore mail;
  OidcFlowStore oidc_flows;
  FirmwareStore firmware;
};

class Wiring {
 public:
  explicit Wiring(Config cfg);
  ~Wiring();

  void start();  // the writer and the background work
  void stop();
  bool database_reachable();

  const Config cfg;
  Clock clock;
  Metrics metrics;
  const date::time_zone* zone;

 private:
  std::unique_ptr<Db> db_;

 public:
  Stores stores;
  JwtCodec jwt;
  RateLimiter contact_limit;
  Hub hub;
  Campus campus;
  ReportWriter writer;
  CampusSync sync;
  ReportService reports;
  PowerService power;
  BookingService bookings;
  TimetableImportService imports;
  AccountService accounts;
  std::unique_ptr<LdapDirectory> directory;  // null without --ldap-url
  SignInService sign_in;
  OidcSignIn oidc;
  RoomService rooms;
  AnalyticsService analytics;
  DisplayService displays;
  WebhookService webhooks;
  WebhookSender webhook_sender;
  MailService mail;
  MailSender mail_sender;
  FirmwareService firmware;
  Background background;
  // The answers of the reads app/routes.cpp names, built once per state of the campus.
  ReadCache reads;
};

class Router;
// Every route of the server, on the wiring's services (app/routes.cpp).
void add_routes(Router& r, Wiring& w);

}  // namespace classroom
