#pragma once
// Every setting of `classroomd serve`; each is a flag and an environment variable
// (CLASSROOM_<NAME>), see bind_config() and the README's configuration table.
#include <cstdint>
#include <string>
#include <vector>

namespace CLI { class App; }

namespace classroom {

struct Config {
  std::string listen = "127.0.0.1:8080";
  std::string db = "sqlite:var/classroom.db";
  std::string jwt_secret;  // SQLite: generated under var_dir when empty
  std::string timezone = "UTC";
  std::string var_dir = "var";
  std::string web_root;    // serve the web app's files from here when set
  std::string port_file;   // write the bound port here (useful with port 0)
  std::vector<std::string> cors_origins;
  int threads = 2;         // network threads
  int workers = 8;         // blocking workers (database, password hashing)
  int pool_size = 20;      // database connections
  std::size_t body_limit = 64 * 1024;
  int import_max_mb = 20;            // the timetable import's own body limit
  int read_timeout_s = 30;
  int token_ttl_min = 12 * 60;
  bool allow_register = false;
  int login_limit_per_min = 10;      // per client address, and per username
  int contact_limit_per_hour = 10;   // per client address
  int offline_after_s = 300;
  int override_default_min = 60;     // manual power command without a booking to end it
  int status_retention_days = 90;
  int contact_retention_days = 365;
  int write_queue_limit = 50000;     // node reports buffered during a database outage
  std::string log_level = "info";
  std::string log_format = "text";   // text, or json (one object a line, for log shippers)
  std::int64_t clock_offset_s = 0;   // shifts the server's clock (drills, demos)
  int booking_max_hours = 12;        // longest single booking
  int booking_advance_days = 365;    // how far ahead a booking may start
  std::vector<std::string> holidays; // YYYY-MM-DD: term series skip these dates
  int series_max = 200;              // occurrences in one term series
  std::vector<std::string> trusted_proxies;  // CIDRs whose X-Forwarded-For is believed
  int max_connections = 10000;       // concurrent connections (long-polls included)
  int journal_max_mb = 256;          // outage journal bound (503 beyond)
  std::string prime_time = "Mo-Fr 09:00-17:00";  // the prime teaching hours (opening-hours text)
  double energy_price = 0.30;        // per kWh, in `currency`
  std::string currency = "EUR";
  double co2e_per_kwh = 0.40;        // kg CO2e per kWh of the campus's electricity
  std::vector<std::string> metrics_allow{"127.0.0.1/32", "::1/128"};  // who may read /metrics
  // Campus sign-in (README "Campus sign-in").
  std::vector<std::string> role_map;  // GROUP=ROLE
  std::string sso_default_role = "none";
  std::string local_login = "on";
  std::string ldap_url;
  bool ldap_starttls = false;
  std::string ldap_bind_dn;
  std::string ldap_bind_password_file;
  std::string ldap_base_dn;
  std::string ldap_user_filter = "(uid={username})";
  std::string ldap_group_attribute = "memberOf";
  std::string ldap_group_filter;
  std::string ldap_group_base_dn;
  std::string ldap_ca_file;
  int ldap_timeout_s = 5;
  std::string auth_header;    // the user a trusted proxy authenticated
  std::string groups_header;  // their groups, ';'-separated
  std::string oidc_issuer;    // single sign-on; "" when off
  std::string oidc_client_id;
  std::string oidc_client_secret_file;
  std::string oidc_groups_claim = "groups";
  // Webhooks (README "Webhooks").
  bool webhook_allow_private = false;
  int webhook_retry_min_s = 10;
  int webhook_retry_max_s = 3600;
  // Mail (README "Mail").
  std::string smtp_url;            // smtp://[user@]HOST:PORT or smtps://...; empty: no mail
  std::string smtp_password_file;
  std::string mail_from;           // ADDRESS, or "Name <ADDRESS>"
  std::string public_url;          // the address browsers use (links in mails, single sign-on)
  double mail_digest_min = 15;     // the admins' digest of device and sensor problems, at most this often
  // Over-the-air updates (README "Firmware updates").
  std::vector<std::string> firmware_public_keys;  // files of Ed25519 public keys; none: no uploads
  int firmware_max_mb = 4;
  std::string firmware_stages = "1,10,100";
  std::int64_t firmware_soak_s = 3600;
  std::int64_t firmware_window_s = 1800;
  double firmware_max_failed_percent = 5;
  int firmware_check_s = 10;
};

// Adds the `serve` options to a CLI11 (sub)command, each with its environment variable.
void bind_config(CLI::App& cmd, Config& cfg);
// --log-format text|json (CLASSROOM_LOG_FORMAT), for `serve` and the other commands alike.
void add_log_format_option(CLI::App& cmd, Config& cfg);

}  // namespace classroom
