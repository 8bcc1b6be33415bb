#include "app/config.hpp"

#include "domain/opening_hours.hpp"
#include "domain/role_map.hpp"
#include "domain/time.hpp"
#include "http/client_address.hpp"

#include <CLI/CLI.hpp>

#include <charconv>
#include <stdexcept>

namespace classroom {

namespace {

void bind_sign_in(CLI::App& cmd, Config& c) {
  cmd.add_option("--role-map", c.role_map, "GROUP=ROLE: members of a directory or SSO group get ROLE (admin, staff, approver:building/NAME, approver:room/NAME; repeatable)")
      ->envname("CLASSROOM_ROLE_MAP")->delimiter(';')
      ->check(CLI::Validator([](std::string& v) { return parse_role_rule(v).error; }, "GROUP=ROLE"));
  cmd.add_option("--sso-default-role", c.sso_default_role, "Role of a directory or SSO user in no mapped group (none: refused)")
      ->envname("CLASSROOM_SSO_DEFAULT_ROLE")->check(CLI::IsMember({"staff", "none"}))->capture_default_str();
  cmd.add_option("--local-login", c.local_login, "Who may sign in with a local password: on (everyone), admins, off")
      ->envname("CLASSROOM_LOCAL_LOGIN")->check(CLI::IsMember({"on", "admins", "off"}))->capture_default_str();
  cmd.add_option("--ldap-url", c.ldap_url, "Campus directory: ldap://HOST:PORT or ldaps://HOST:PORT")->envname("CLASSROOM_LDAP_URL");
  cmd.add_flag("--ldap-starttls", c.ldap_starttls, "Start TLS on an ldap:// connection")->envname("CLASSROOM_LDAP_STARTTLS");
  cmd.add_option("--ldap-bind-dn", c.ldap_bind_dn, "The service account that searches the directory")->envname("CLASSROOM_LDAP_BIND_DN");
  cmd.add_option("--ldap-bind-password-file", c.ldap_bind_password_file, "File holding the service account's password")
      ->envname("CLASSROOM_LDAP_BIND_PASSWORD_FILE")->check(CLI::ExistingFile);
  cmd.add_option("--ldap-base-dn", c.ldap_base_dn, "Where users are searched")->envname("CLASSROOM_LDAP_BASE_DN");
  cmd.add_option("--ldap-user-filter", c.ldap_user_filter, "Filter finding a user; {username} is replaced, escaped (AD: (sAMAccountName={username}))")
      ->envname("CLASSROOM_LDAP_USER_FILTER")->capture_default_str();
  cmd.add_option("--ldap-group-attribute", c.ldap_group_attribute, "The user's attribute listing their groups")
      ->envname("CLASSROOM_LDAP_GROUP_ATTRIBUTE")->capture_default_str();
  cmd.add_option("--ldap-group-filter", c.ldap_group_filter, "Find groups by a search instead, e.g. (member={dn})")
      ->envname("CLASSROOM_LDAP_GROUP_FILTER");
  cmd.add_option("--ldap-group-base-dn", c.ldap_group_base_dn, "Where that group search looks (default: --ldap-base-dn)")
      ->envname("CLASSROOM_LDAP_GROUP_BASE_DN");
  cmd.add_option("--ldap-ca-file", c.ldap_ca_file, "CA certificate(s) that verify the directory (default: the system's)")
      ->envname("CLASSROOM_LDAP_CA_FILE")->check(CLI::ExistingFile);
  cmd.add_option("--ldap-timeout", c.ldap_timeout_s, "Seconds to wait for the directory")
      ->envname("CLASSROOM_LDAP_TIMEOUT")->check(CLI::Range(1, 120))->capture_default_str();
  cmd.add_option("--auth-header", c.auth_header, "Header naming the user a --trusted-proxy authenticated (Shibboleth, mellon)")
      ->envname("CLASSROOM_AUTH_HEADER");
  cmd.add_option("--groups-header", c.groups_header, "Header with that user's groups, ';'-separated")->envname("CLASSROOM_GROUPS_HEADER");
  cmd.add_option("--oidc-issuer", c.oidc_issuer, "Single sign-on: the OpenID provider (its discovery document is at URL/.well-known/openid-configuration)")
      ->envname("CLASSROOM_OIDC_ISSUER");
  cmd.add_option("--oidc-client-id", c.oidc_client_id, "This server's client id at the OpenID provider")->envname("CLASSROOM_OIDC_CLIENT_ID");
  cmd.add_option("--oidc-client-secret-file", c.oidc_client_secret_file, "File holding the client secret")
      ->envname("CLASSROOM_OIDC_CLIENT_SECRET_FILE")->check(CLI::ExistingFile);
  cmd.add_option("--oidc-groups-claim", c.oidc_groups_claim, "The ID token's claim that lists the user's groups")
      ->envname("CLASSROOM_OIDC_GROUPS_CLAIM")->capture_default_str();
}

void bind_webhooks(CLI::App& cmd, Config& c) {
  cmd.add_flag("--webhook-allow-private", c.webhook_allow_private,
               "Let webhooks go to loopback, link-local and private addresses (and this server)")
      ->envname("CLASSROOM_WEBHOOK_ALLOW_PRIVATE");
  cmd.add_option("--webhook-retry-min", c.webhook_retry_min_s, "Seconds before a failed webhook delivery's first retry")
      ->envname("CLASSROOM_WEBHOOK_RETRY_MIN")->check(CLI::Range(1, 3600))->capture_default_str();
  cmd.add_option("--webhook-retry-max", c.webhook_retry_max_s, "Longest wait between retries of a webhook delivery, in seconds")
      ->envname("CLASSROOM_WEBHOOK_RETRY_MAX")->check(CLI::Range(1, 86400))->capture_default_str();
}

void bind_mail(CLI::App& cmd, Config& c) {
  cmd.add_option("--smtp-url", c.smtp_url, "Mail server: smtp://[user@]HOST:PORT (STARTTLS when offered) or smtps://...")
      ->envname("CLASSROOM_SMTP_URL");
  cmd.add_option("--smtp-password-file", c.smtp_password_file, "File with the password of the --smtp-url user")
      ->envname("CLASSROOM_SMTP_PASSWORD_FILE")->check(CLI::ExistingFile);
  cmd.add_option("--mail-from", c.mail_from, "Sender of the server's mails: ADDRESS or \"Name <ADDRESS>\"")
      ->envname("CLASSROOM_MAIL_FROM");
  cmd.add_option("--public-url", c.public_url, "The address browsers use, e.g. https://rooms.example.edu (links in mails, single sign-on's return address)")
      ->envname("CLASSROOM_PUBLIC_URL");
  cmd.add_option("--mail-digest-min", c.mail_digest_min,
                 "Minutes between the admins' digest mails of devices offline and sensor faults (fractions allowed)")
      ->envname("CLASSROOM_MAIL_DIGEST_MIN")->check(CLI::Range(0.05, 24.0 * 60))->capture_default_str();
}

void bind_firmware(CLI::App& cmd, Config& c) {
  cmd.add_option("--firmware-public-key", c.firmware_public_keys,
                 "File of Ed25519 public keys (64 hex digits or base64, one a line) that firmware images must be signed "
                 "with (repeatable); none: image uploads are refused")
      ->envname("CLASSROOM_FIRMWARE_PUBLIC_KEY")->check(CLI::ExistingFile);
  cmd.add_option("--firmware-max-mb", c.firmware_max_mb, "Largest firmware image, in MiB (413 beyond)")
      ->envname("CLASSROOM_FIRMWARE_MAX_MB")->check(CLI::Range(1, 64))->capture_default_str();
  cmd.add_option("--firmware-stages", c.firmware_stages, "A rollout's default stages, percents of its devices")
      ->envname("CLASSROOM_FIRMWARE_STAGES")->capture_default_str();
  cmd.add_option("--firmware-soak-s", c.firmware_soak_s, "Seconds a rollout stage lasts at least before the next")
      ->envname("CLASSROOM_FIRMWARE_SOAK_S")->check(CLI::Range(0, 90 * 86400))->capture_default_str();
  cmd.add_option("--firmware-window-s", c.firmware_window_s,
                 "Seconds an offered node has to come back on the new version (and an updated one between contacts)")
      ->envname("CLASSROOM_FIRMWARE_WINDOW_S")->check(CLI::Range(1, 90 * 86400))->capture_default_str();
  cmd.add_option("--firmware-max-failed-percent", c.firmware_max_failed_percent,
                 "A rollout halts when more than this percent of the nodes offered it failed or did not come back")
      ->envname("CLASSROOM_FIRMWARE_MAX_FAILED_PERCENT")->check(CLI::Range(0.0, 100.0))->capture_default_str();
  cmd.add_option("--firmware-check-s", c.firmware_check_s, "Seconds between the rollouts' checks")
      ->envname("CLASSROOM_FIRMWARE_CHECK_S")->check(CLI::Range(1, 3600))->capture_default_str();
}

}  // namespace

void bind_config(CLI::App& cmd, Config& c) {
  cmd.add_option("--listen", c.listen, "HOST:PORT to listen on (port 0 picks a free one)")
      ->envname("CLASSROOM_LISTEN")->capture_default_str();
  cmd.add_option("--db", c.db, "Database URL: sqlite:PATH or postgresql://user@host:port/db")
      ->envname("CLASSROOM_DB")->capture_default_str();
  cmd.add_option("--jwt-secret", c.jwt_secret, "Secret for signing tokens (>= 32 chars); generated under --var-dir for SQLite when absent")
      ->envname("CLASSROOM_JWT_SECRET");
  cmd.add_option("--timezone", c.timezone, "Campus time zone (IANA name, e.g. Europe/Berlin)")
      ->envname("CLASSROOM_TIMEZONE")->capture_default_str();
  cmd.add_option("--var-dir", c.var_dir, "Directory for generated secrets")->envname("CLASSROOM_VAR_DIR")->capture_default_str();
  cmd.add_option("--web-root", c.web_root, "Serve the web app's built files from this directory")->envname("CLASSROOM_WEB_ROOT");
  cmd.add_option("--port-file", c.port_file, "Write the bound port to this file once listening")->envname("CLASSROOM_PORT_FILE");
  cmd.add_option("--cors-origin", c.cors_origins, "Allowed browser origin for CORS (repeatable; '*' for any)")
      ->envname("CLASSROOM_CORS_ORIGINS")->delimiter(',');
  cmd.add_option("--threads", c.threads, "Network threads")->envname("CLASSROOM_THREADS")->check(CLI::Range(1, 64))->capture_default_str();
  cmd.add_option("--workers", c.workers, "Blocking worker threads (database, hashing)")->envname("CLASSROOM_WORKERS")->check(CLI::Range(1, 256))->capture_default_str();
  cmd.add_option("--pool-size", c.pool_size, "Database connections")->envname("CLASSROOM_POOL_SIZE")->check(CLI::Range(1, 200))->capture_default_str();
  cmd.add_option("--body-limit", c.body_limit, "Largest request body in bytes (413 beyond)")->envname("CLASSROOM_BODY_LIMIT")->capture_default_str();
  cmd.add_option("--import-max-mb", c.import_max_mb, "Largest timetable file POST /api/admin/imports/timetable takes, in MiB (413 beyond; --body-limit does not apply to it)")
      ->envname("CLASSROOM_IMPORT_MAX_MB")->check(CLI::Range(1, 1024))->capture_default_str();
  cmd.add_option("--read-timeout", c.read_timeout_s, "Seconds to read one request")->envname("CLASSROOM_READ_TIMEOUT")->check(CLI::Range(1, 3600))->capture_default_str();
  cmd.add_option("--token-ttl-min", c.token_ttl_min, "Access token lifetime in minutes")->envname("CLASSROOM_TOKEN_TTL_MIN")->check(CLI::Range(1, 60 * 24 * 30))->capture_default_str();
  cmd.add_flag("--allow-register", c.allow_register, "Enable POST /api/auth/register (self-service staff accounts)")->envname("CLASSROOM_ALLOW_REGISTER");
  cmd.add_option("--login-limit", c.login_limit_per_min, "Login attempts per minute per client and per username")->envname("CLASSROOM_LOGIN_LIMIT")->check(CLI::Range(1, 100000))->capture_default_str();
  cmd.add_option("--contact-limit", c.contact_limit_per_hour, "Contact messages per hour per client")->envname("CLASSROOM_CONTACT_LIMIT")->check(CLI::Range(1, 100000))->capture_default_str();
  cmd.add_option("--offline-after", c.offline_after_s, "Seconds without contact before a device is offline")->envname("CLASSROOM_OFFLINE_AFTER")->check(CLI::Range(10, 86400))->capture_default_str();
  cmd.add_option("--override-min", c.override_default_min, "Minutes a manual power command holds when no booking ends it")->envname("CLASSROOM_OVERRIDE_MIN")->check(CLI::Range(1, 7 * 24 * 60))->capture_default_str();
  cmd.add_option("--status-retention-days", c.status_retention_days, "Days of raw status logs kept (older ones are rolled up hourly)")->envname("CLASSROOM_STATUS_RETENTION_DAYS")->check(CLI::Range(1, 3650))->capture_default_str();
  cmd.add_option("--contact-retention-days", c.contact_retention_days, "Days contact messages are kept")->envname("CLASSROOM_CONTACT_RETENTION_DAYS")->check(CLI::Range(1, 3650))->capture_default_str();
  cmd.add_option("--trusted-proxy", c.trusted_proxies, "CIDR of a reverse proxy whose X-Forwarded-For is believed (repeatable)")
      ->envname("CLASSROOM_TRUSTED_PROXIES")->delimiter(',')
      ->check(CLI::Validator([](std::string& v) { return parse_cidr(v) ? std::string() : "not an address or CIDR: " + v; }, "CIDR"));
  cmd.add_option("--metrics-allow", c.metrics_allow, "CIDR that may read GET /metrics (repeatable)")
      ->envname("CLASSROOM_METRICS_ALLOW")->delimiter(',')
      ->check(CLI::Validator([](std::string& v) { return parse_cidr(v) ? std::string() : "not an address or CIDR: " + v; }, "CIDR"))
      ->capture_default_str();
  cmd.add_option("--max-connections", c.max_connections, "Most concurrent connections (long-polls included); more wait to be accepted")
      ->envname("CLASSROOM_MAX_CONNECTIONS")->check(CLI::Range(1, 1000000))->capture_default_str();
  cmd.add_option("--journal-max-mb", c.journal_max_mb, "Largest outage journal under --var-dir in MiB (503 beyond; 0: no journal, refuse node writes while the database is down)")
      ->envname("CLASSROOM_JOURNAL_MAX_MB")->check(CLI::Range(0, 1000000))->capture_default_str();
  cmd.add_option("--write-queue", c.write_queue_limit, "Node writes waiting in memory for the database")->envname("CLASSROOM_WRITE_QUEUE")->check(CLI::Range(100, 10000000))->capture_default_str();
  cmd.add_option("--log-level", c.log_level, "trace, debug, info, warn, error")->envname("CLASSROOM_LOG_LEVEL")->capture_default_str();
  add_log_format_option(cmd, c);
  cmd.add_option("--clock-offset", c.clock_offset_s, "Seconds added to the server's clock (drills and demos)")->envname("CLASSROOM_CLOCK_OFFSET");
  cmd.add_option("--booking-max-hours", c.booking_max_hours, "Longest booking in hours")->envname("CLASSROOM_BOOKING_MAX_HOURS")->check(CLI::Range(1, 24 * 7))->capture_default_str();
  cmd.add_option("--booking-advance-days", c.booking_advance_days, "How many days ahead a booking may start")->envname("CLASSROOM_BOOKING_ADVANCE_DAYS")->check(CLI::Range(1, 3650))->capture_default_str();
  cmd.add_option("--holiday", c.holidays, "A date (YYYY-MM-DD) term series skip (repeatable)")
      ->envname("CLASSROOM_HOLIDAYS")->delimiter(',')
      ->check(CLI::Validator([](std::string& v) { return parse_date(v).error; }, "YYYY-MM-DD"));
  cmd.add_option("--prime-time", c.prime_time, "Prime teaching hours for the registrar's figures, e.g. \"Mo-Fr 09:00-17:00\"")->envname("CLASSROOM_PRIME_TIME")->capture_default_str()
      ->check(CLI::Validator([](std::string& v) { return parse_opening_hours(v).error; }, "OPENING-HOURS"));
  cmd.add_option("--energy-price", c.energy_price, "Electricity price per kWh, for the cost of energy saved")->envname("CLASSROOM_ENERGY_PRICE")->check(CLI::Range(0.0, 1000.0))->capture_default_str();
  cmd.add_option("--currency", c.currency, "Currency of --energy-price (ISO 4217 code)")->envname("CLASSROOM_CURRENCY")->capture_default_str();
  cmd.add_option("--co2e-per-kwh", c.co2e_per_kwh, "kg CO2e per kWh of the campus's electricity (emission factor)")->envname("CLASSROOM_CO2E_PER_KWH")->check(CLI::Range(0.0, 10.0))->capture_default_str();
  bind_sign_in(cmd, c);
  bind_webhooks(cmd, c);
  bind_mail(cmd, c);
  bind_firmware(cmd, c);
  cmd.add_option("--series-max", c.series_max, "Most occurrences in one term series")->envname("CLASSROOM_SERIES_MAX")->check(CLI::Range(1, 5000))->capture_default_str();
}

void add_log_format_option(CLI::App& cmd, Config& c) {
  cmd.add_option("--log-format", c.log_format, "text (key=value lines) or json (one object a line, for log shippers)")
      ->envname("CLASSROOM_LOG_FORMAT")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
}

}  // namespace classroom
