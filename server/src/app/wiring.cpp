#include "app/wiring.hpp"

#include "auth/secrets.hpp"
#include "services/https_fetch.hpp"
#include "domain/time.hpp"
#include "present/live.hpp"
#include "storage/db.hpp"

#include <spdlog/spdlog.h>

#include <cmath>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <unistd.h>

namespace classroom {

namespace fs = std::filesystem;

std::string resolve_jwt_secret(const Config& cfg, bool sqlite) {
  if (!cfg.jwt_secret.empty()) return cfg.jwt_secret;
  if (!sqlite)
    throw std::runtime_error("--jwt-secret (CLASSROOM_JWT_SECRET) is required with PostgreSQL, "
                             "so that every instance signs tokens alike");
  fs::path file = fs::path(cfg.var_dir) / "jwt-secret";
  if (std::ifstream in(file); in) {
    std::string secret;
    std::getline(in, secret);
    if (secret.size() >= 32) return secret;
  }
  fs::create_directories(cfg.var_dir);
  std::string secret = random_token(48);
  // Created with mode 0600 from the start: never readable by others, not even briefly.
  int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error("cannot write " + file.string());
  std::string line = secret + "\n";
  bool written = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
  ::close(fd);
  if (!written) throw std::runtime_error("cannot write " + file.string());
  spdlog::info("event=jwt_secret_generated path={}", file.string());
  return secret;
}

Stores::Stores(Db& db)
    : users(db), devices(db), rooms(db), buildings(db), attributes(db), terms(db), contact(db), node_writes(db), commands(db), logs(db), spans(db),
      bookings(db), changes(db), sign_ins(db), timetable(db), webhooks(db), outbox(db), mail(db), oidc_flows(db), firmware(db) {}

BookingSettings booking_settings(const Config& cfg) {
  BookingSettings s;
  s.limits.max_duration = std::chrono::hours{cfg.booking_max_hours};
  s.limits.max_advance = date::days{cfg.booking_advance_days};
  for (const auto& h : cfg.holidays) s.holidays.push_back(parse_date(h).value);  // checked at start-up
  s.series_max = static_cast<std::size_t>(cfg.series_max);
  s.advance_days = cfg.booking_advance_days;
  return s;
}

namespace {

AnalyticsSettings analytics_settings(const Config& cfg) {
  return {parse_opening_hours(cfg.prime_time).value, cfg.energy_price, cfg.currency, cfg.co2e_per_kwh};  // checked at start-up
}

// A connection held longer than this is taken for a stalled network (statements time out
// at 15 s on the server; a timetable import of a term takes seconds).
constexpr std::chrono::seconds kLeaseLimit{60};

// PostgreSQL takes several writers' transactions at once, so their commits (WAL
// flushes) overlap; SQLite has one writer at a time whatever we do. Two, not more: on a
// box where PostgreSQL and classroomd share the cores, its cost is per batch (parse,
// commit, flush wakeup), and two writers' larger batches halve its CPU a report against
// four, while one writer leaves each commit's flush wait idle (docs/PERFORMANCE.md).
constexpr std::size_t kPostgresWriters = 2;

ReportWriter::Options writer_options(const Config& cfg, Db& db, std::function<void()> on_recovered) {
  ReportWriter::Options o;
  o.partitions = db.is_sqlite() ? 1 : kPostgresWriters;
  o.on_recovered = std::move(on_recovered);
  o.interrupt = [&db](std::thread::id writer) { return db.interrupt(writer); };
  o.queue_limit = static_cast<std::size_t>(cfg.write_queue_limit);
  if (cfg.journal_max_mb > 0) o.journal_dir = (fs::path(cfg.var_dir) / "journal").string();
  o.journal_max_bytes = static_cast<std::uint64_t>(cfg.journal_max_mb) << 20;
  return o;
}

std::string read_secret_file(const std::string& path) {
  std::ifstream in(path);
  std::string secret;
  if (!in || !std::getline(in, secret)) throw std::runtime_error("cannot read " + path);
  if (!secret.empty() && secret.back() == '\r') secret.pop_back();
  return secret;
}

std::unique_ptr<LdapDirectory> make_directory(const Config& cfg) {
  if (cfg.ldap_url.empty()) return nullptr;
  if (cfg.ldap_url.rfind("ldap://", 0) != 0 && cfg.ldap_url.rfind("ldaps://", 0) != 0)
    throw std::runtime_error("--ldap-url must start with ldap:// or ldaps://");
  if (cfg.ldap_base_dn.empty()) throw std::runtime_error("--ldap-url needs --ldap-base-dn");
  LdapSettings s;
  s.url = cfg.ldap_url;
  s.starttls = cfg.ldap_starttls;
  s.bind_dn = cfg.ldap_bind_dn;
  if (!cfg.ldap_bind_password_file.empty()) s.bind_password = read_secret_file(cfg.ldap_bind_password_file);
  s.base_dn = cfg.ldap_base_dn;
  s.user_filter = cfg.ldap_user_filter;
  s.group_attribute = cfg.ldap_group_attribute;
  s.group_filter = cfg.ldap_group_filter;
  s.group_base_dn = cfg.ldap_group_base_dn;
  s.ca_file = cfg.ldap_ca_file;
  s.timeout_s = cfg.ldap_timeout_s;
  spdlog::info("event=directory url={} starttls={} groups={}", s.url, s.starttls,
               s.group_filter.empty() ? "attribute " + s.group_attribute : "search " + s.group_filter);
  return std::make_unique<LdapDirectory>(std::move(s));
}

WebhookSettings webhook_settings(const Config& cfg) {
  return {cfg.webhook_allow_private, cfg.webhook_retry_min_s, cfg.webhook_retry_max_s};
}

// --mail-from is "ADDRESS" or "Name <ADDRESS>".
MailAddress parse_mail_from(const std::string& text) {
  MailAddress a;
  auto open = text.rfind('<');
  if (open != std::string::npos && !text.empty() && text.back() == '>') {
    a.address = text.substr(open + 1, text.size() - open - 2);
    a.name = text.substr(0, open);
    while (!a.name.empty() && a.name.back() == ' ') a.name.pop_back();
    if (a.name.size() >= 2 && a.name.front() == '"' && a.name.back() == '"') a.name = a.name.substr(1, a.name.size() - 2);
  } else {
    a.address = text;
  }
  if (!valid_mail_address(a.address)) throw std::runtime_error("--mail-from must be a mail address (ADDRESS or \"Name <ADDRESS>\")");
  return a;
}

MailSettings mail_settings(const Config& cfg, const date::time_zone* zone) {
  MailSettings s;
  if (cfg.smtp_url.empty()) return s;
  auto target = parse_smtp_url(cfg.smtp_url);  // refused at start-up when malformed
  if (cfg.mail_from.empty()) throw std::runtime_error("--smtp-url needs --mail-from");
  s.from = parse_mail_from(cfg.mail_from);
  s.smtp_url = cfg.smtp_url;
  if (!cfg.smtp_password_file.empty()) {
    if (target.user.empty()) throw std::runtime_error("--smtp-password-file needs a user in --smtp-url (smtp://user@host:port)");
    s.smtp_password = read_secret_file(cfg.smtp_password_file);
  }
  s.public_url = cfg.public_url;
  while (!s.public_url.empty() && s.public_url.back() == '/') s.public_url.pop_back();
  s.zone = zone;
  s.retry_min_s = cfg.webhook_retry_min_s;
  s.retry_max_s = cfg.webhook_retry_max_s;
  s.digest_interval_s = std::max<std::int64_t>(1, static_cast<std::int64_t>(cfg.mail_digest_min * 60 + 0.5));
  spdlog::info("event=mail scheme={} host={} port={} user={} from={}", target.scheme, target.host, target.port,
               target.user.empty() ? "-" : target.user, s.from.address);
  return s;
}

FirmwareSettings firmware_settings(const Config& cfg) {
  FirmwareSettings s;
  for (const auto& path : cfg.firmware_public_keys)
    for (const auto& k : read_firmware_keys(path)) s.keys.push_back(k);
  s.max_bytes = static_cast<std::size_t>(cfg.firmware_max_mb) << 20;
  s.policy.soak_s = cfg.firmware_soak_s;
  s.policy.window_s = cfg.firmware_window_s;
  s.policy.max_failed_percent = cfg.firmware_max_failed_percent;
  s.check_interval_s = cfg.firmware_check_s;
  if (auto stages = parse_stages(cfg.firmware_stages)) s.policy.stages = *stages;
  if (auto why = check_policy(s.policy); !why.empty()) throw std::runtime_error("--firmware-stages and windows: " + why);
  spdlog::info("event=firmware keys={} max_bytes={} stages={} soak_s={} window_s={} max_failed_percent={}", s.keys.size(),
               s.max_bytes, stages_text(s.policy.stages), s.policy.soak_s, s.policy.window_s, s.policy.max_failed_percent);
  return s;
}

SignInSettings sign_in_settings(const Config& cfg) {
  SignInSettings s;
  for (const auto& text : cfg.role_map) s.rules.push_back(*parse_role_rule(text).rule);  // checked by CLI11
  s.default_staff = cfg.sso_default_role == "staff";
  s.local_login = parse_local_login(cfg.local_login).value_or(LocalLogin::on);
  s.limit_per_min = cfg.login_limit_per_min;
  return s;
}

OidcSettings oidc_settings(const Config& cfg) {
  OidcSettings s;
  if (cfg.oidc_issuer.empty()) return s;
  if (!acceptable_provider_url(cfg.oidc_issuer))
    throw std::runtime_error("--oidc-issuer must be an https:// URL (http:// only for a provider on this machine)");
  if (cfg.oidc_client_id.empty() || cfg.oidc_client_secret_file.empty())
    throw std::runtime_error("--oidc-issuer needs --oidc-client-id and --oidc-client-secret-file");
  if (cfg.public_url.empty())
    throw std::runtime_error("--oidc-issuer needs --public-url (the provider sends browsers back to PUBLIC_URL/api/auth/oidc/callback)");
  s.issuer = cfg.oidc_issuer;
  s.client_id = cfg.oidc_client_id;
  s.client_secret = read_secret_file(cfg.oidc_client_secret_file);
  s.groups_claim = cfg.oidc_groups_claim;
  s.public_url = cfg.public_url;
  while (!s.public_url.empty() && s.public_url.back() == '/') s.public_url.pop_back();
  spdlog::info("event=oidc issuer={} client_id={} groups_claim={} redirect_uri={}/api/auth/oidc/callback", s.issuer,
               s.client_id, s.groups_claim, s.public_url);
  return s;
}

}  // namespace

Wiring::Wiring(Config c)
    : cfg(std::move(c)),
      clock(cfg.clock_offset_s),
      zone(find_zone(cfg.timezone)),
      db_(std::make_unique<Db>(cfg.db, static_cast<std::size_t>(cfg.pool_size))),
      stores((db_->migrate(), *db_)),
      jwt(resolve_jwt_secret(cfg, db_->is_sqlite()), std::chrono::minutes(cfg.token_ttl_min)),
      contact_limit(cfg.contact_limit_per_hour, 3600),
      campus(Campus::Options{cfg.offline_after_s, 120},
             [this](const std::string& device_id, bool online, std::optional<std::int64_t> room) {
               hub.publish(device_event_json(device_id, online, room), Audience::admins);
             }),
      writer(stores.node_writes, writer_options(cfg, *db_, [this] {
               try {
                 sync.reload();  // what the replay stored (sequence numbers) is the campus's too
               } catch (const std::exception& e) {
                 spdlog::warn("event=reload_failed what=\"{}\"", e.what());
               }
             })),
      sync(campus, hub, stores.devices, stores.rooms, stores.spans, stores.commands, clock),
      reports(campus, writer, hub, metrics, clock, zone),
      power(stores.rooms, stores.commands, stores.spans, campus, writer, hub, sync, clock, cfg.override_default_min),
      bookings(stores.bookings, stores.terms, stores.users, power, sync, hub, clock, zone, booking_settings(cfg)),
      imports(stores.timetable, stores.terms, clock, zone, booking_settings(cfg),
              [this](const ImportReport& r, const std::vector<std::int64_t>&) {
                // Only sessions that have not begun are moved or cancelled, and an override
                // is tied to a booking under way: none ends here, the power rule just follows.
                sync.changed(Change::bookings);
                // The admins' booking views reload on a booking_series event.
                hub.publish({{"type", "booking_series"}, {"action", "imported"},
                             {"series", {{"created", r.created}, {"updated", r.updated}, {"removed", r.removed}}}},
                            Audience::admins);
              }),
      accounts(stores.users, jwt, sync, clock, cfg.login_limit_per_min),
      directory(make_directory(cfg)),
      sign_in(stores.users, stores.sign_ins, accounts, directory.get(), sign_in_settings(cfg), clock),
      // The provider's token times are real: the real clock, not the campus one.
      oidc(oidc_settings(cfg), stores.oidc_flows, sign_in, stores.users, accounts, unix_now),
      rooms(stores.rooms, stores.devices, campus, sync, clock),
      analytics(stores.logs, stores.rooms, stores.buildings, stores.devices, stores.spans, stores.commands, campus, writer,
                clock, zone, analytics_settings(cfg)),
      displays(stores.rooms, stores.bookings, campus, hub, clock, zone),
      webhooks(stores.webhooks, stores.outbox, clock, webhook_settings(cfg)),
      webhook_sender(stores.outbox, clock, webhook_settings(cfg), db_->is_sqlite()),
      mail(stores.mail, clock),
      mail_sender(stores.mail, stores.outbox, clock, mail_settings(cfg, zone), db_->is_sqlite()),
      firmware(stores.firmware, clock, firmware_settings(cfg)),
      background(campus, sync, hub, stores.devices, stores.commands, bookings, stores.logs, stores.contact, clock,
                 BackgroundSettings{cfg.offline_after_s, cfg.status_retention_days, cfg.contact_retention_days}),
      reads([this] { return ReadState{campus.version(), clock.now()}; }, &metrics) {
  sync.reload();
  metrics.describe("classroom_http_requests_total", "HTTP requests by route pattern and status");
  for (auto [op, h] : {std::pair{"read", &db_->read_latency()}, std::pair{"write", &db_->write_latency()}})
    metrics.histogram("classroom_db_seconds", "Database calls (a statement or a transaction, the wait for a connection included)",
                      label("op", op), *h);
  metrics.gauge("classroom_write_queue", "Node writes waiting in memory for their batch",
                [this] { return static_cast<double>(writer.queued()); });
  metrics.gauge("classroom_journal_bytes", "Bytes of node writes waiting in the outage journal",
                [this] { return static_cast<double>(writer.journal_bytes()); });
  metrics.gauge("classroom_database_degraded", "1 while node writes go to the outage journal",
                [this] { return writer.degraded() ? 1.0 : 0.0; });
  metrics.gauge("classroom_writes_quarantined", "Node writes the database refused for good",
                [this] { return static_cast<double>(writer.quarantined()); });
  if (directory) {
    metrics.gauge("classroom_ldap_connections_opened", "Directory connections opened since the start (pooled ones are reused)",
                  [this] { return static_cast<double>(directory->connections_opened()); });
    metrics.gauge("classroom_ldap_connections_idle", "Directory connections idle in the pool, bound as the service account",
                  [this] { return static_cast<double>(directory->connections_idle()); });
  }
  metrics.gauge("classroom_websocket_clients", "Open WebSocket connections (dashboards and door displays)",
                [this] { return static_cast<double>(hub.subscribers()); });
  metrics.gauge("classroom_long_polls", "Nodes waiting for a command",
                [this] { return static_cast<double>(campus.long_polls()); });
  metrics.gauge("classroom_devices_online", "Devices that reported within --offline-after",
                [this] { return static_cast<double>(campus.devices_online()); });
  metrics.gauge("classroom_outbox_depth", "Outbox messages (webhook deliveries) not delivered yet",
                [this] {
                  try {
                    return static_cast<double>(stores.outbox.stats().depth);
                  } catch (const std::exception&) {
                    return std::nan("");  // the database is away: unknown, not zero
                  }
                });
  metrics.gauge("classroom_devices_active", "Devices registered and not deactivated",
                [this] { return static_cast<double>(campus.devices_active()); });
  db_->watch_leases(kLeaseLimit);
}

Wiring::~Wiring() { stop(); }

void Wiring::start() {
  writer.start();
  for (const auto& [device, seq] : writer.journaled_seqs()) campus.raise_seq(device, seq);
  if (db_->is_sqlite()) background.start(std::nullopt, nullptr);
  else background.start(parse_db_url(cfg.db).connection, &stores.changes);
  webhook_sender.start();
  set_booking_mail(!cfg.smtp_url.empty());
  mail_sender.start();
  firmware.start();
}

void Wiring::stop() {
  firmware.stop();
  webhook_sender.stop();
  mail_sender.stop();
  background.stop();
  writer.stop();
}

bool Wiring::database_reachable() { return db_->ping(); }

}  // namespace classroom
