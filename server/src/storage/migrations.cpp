// Versioned schema migrations, applied in order at start-up for both databases.
// One list of statements; where the dialects differ, the two spellings stand
// side by side ({ID} is the auto-increment key, {REAL} a floating-point column).
#include "storage/db.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <set>
#include <string>
#include <vector>

namespace classroom {

namespace {

struct Migration {
  int version;
  std::vector<std::string> both;        // for both dialects
  std::vector<std::string> postgresql;  // PostgreSQL only, after `both`
  std::vector<std::string> sqlite = {};  // SQLite only, after `both`
  void (*sqlite_step)(soci::session&) = nullptr;  // SQLite only, last: what plain statements cannot say
};

// SQLite cannot alter a CHECK constraint. Widening one changes no stored row, so the
// table's recorded definition is edited in place and the schema's version bumped
// (sqlite.org/lang_altertable.html, "making other kinds of table schema changes").
void widen_booking_statuses(soci::session& s) {
  int version = 0;
  s << "PRAGMA schema_version", soci::into(version);
  s << "PRAGMA writable_schema = ON";
  s << "UPDATE sqlite_master SET sql = replace(sql, '''released'', ''completed'')', "
       "'''released'', ''completed'', ''pending'', ''declined'', ''lapsed'')') "
       "WHERE type = 'table' AND name = 'bookings'";
  s << "PRAGMA schema_version = " + std::to_string(version + 1);
  s << "PRAGMA writable_schema = OFF";
}

// The booking rules a room or a building may set; NULL is "as its building, or the
// campus-wide options". Times of day are "HH:MM" campus time, roles a comma list.
std::vector<std::string> booking_rule_columns(const std::string& table) {
  std::vector<std::string> out;
  for (const char* column : {"requires_approval INTEGER NOT NULL DEFAULT 0", "max_booking_min INTEGER",
                             "earliest_start TEXT", "latest_end TEXT", "min_notice_min INTEGER",
                             "max_ahead_days INTEGER", "buffer_min INTEGER", "allowed_roles TEXT"})
    out.push_back("ALTER TABLE " + table + " ADD COLUMN " + column);
  return out;
}

std::vector<std::string> joined(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

const std::vector<Migration>& migrations() {
  static const std::vector<Migration> list = {
      {1,
       {
           R"(CREATE TABLE users (
                id {ID},
                username TEXT NOT NULL UNIQUE,
                email TEXT NOT NULL UNIQUE,
                password_hash TEXT NOT NULL,
                role TEXT NOT NULL CHECK (role IN ('admin', 'staff')),
                is_active INTEGER NOT NULL DEFAULT 1,
                token_version INTEGER NOT NULL DEFAULT 0,
                calendar_token TEXT UNIQUE,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL))",
           R"(CREATE TABLE esp_devices (
                id {ID},
                device_id TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL,
                mac_address TEXT,
                api_key_hash TEXT NOT NULL,
                is_active INTEGER NOT NULL DEFAULT 1,
                is_connected INTEGER NOT NULL DEFAULT 0,
                last_seen BIGINT,
                firmware_version TEXT,
                last_seq BIGINT NOT NULL DEFAULT 0,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL))",
           R"(CREATE TABLE classrooms (
                id {ID},
                name TEXT NOT NULL UNIQUE,
                location TEXT NOT NULL DEFAULT '',
                capacity INTEGER NOT NULL DEFAULT 0,
                is_active INTEGER NOT NULL DEFAULT 1,
                esp_device_id TEXT UNIQUE REFERENCES esp_devices(device_id) ON DELETE SET NULL,
                idle_timeout_s INTEGER NOT NULL DEFAULT 60,
                power_off_delay_s INTEGER NOT NULL DEFAULT 180,
                auto_power_on INTEGER NOT NULL DEFAULT 1,
                rated_load_w INTEGER NOT NULL DEFAULT 1000,
                no_show_grace_s INTEGER NOT NULL DEFAULT 900,
                calendar_token TEXT UNIQUE,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL))",
           R"(CREATE TABLE room_status (
                classroom_id BIGINT PRIMARY KEY REFERENCES classrooms(id) ON DELETE CASCADE,
                is_occupied INTEGER NOT NULL DEFAULT 0,
                is_power_on INTEGER NOT NULL DEFAULT 0,
                last_movement BIGINT,
                temperature {REAL},
                power_reason TEXT NOT NULL DEFAULT '',
                last_report_at BIGINT,
                updated_at BIGINT NOT NULL))",
           R"(CREATE TABLE bookings (
                id {ID},
                classroom_id BIGINT NOT NULL REFERENCES classrooms(id),
                user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
                title TEXT NOT NULL,
                description TEXT NOT NULL DEFAULT '',
                start_time BIGINT NOT NULL,
                end_time BIGINT NOT NULL,
                status TEXT NOT NULL DEFAULT 'confirmed'
                  CHECK (status IN ('confirmed', 'cancelled', 'released', 'completed')),
                series_id BIGINT,
                checked_in_at BIGINT,
                created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                CHECK (end_time > start_time)))",
           "CREATE INDEX bookings_room_time ON bookings (classroom_id, start_time, end_time)",
           "CREATE INDEX bookings_user_time ON bookings (user_id, start_time)",
           R"(CREATE TABLE status_logs (
                id {ID},
                classroom_id BIGINT,
                device_id TEXT NOT NULL,
                is_occupied INTEGER NOT NULL,
                is_power_on INTEGER NOT NULL,
                last_movement BIGINT,
                temperature {REAL},
                power_reason TEXT NOT NULL DEFAULT '',
                reported_at BIGINT NOT NULL,
                device_time BIGINT))",
           "CREATE INDEX status_logs_room_time ON status_logs (classroom_id, reported_at)",
           "CREATE INDEX status_logs_device_time ON status_logs (device_id, reported_at)",
           "CREATE INDEX status_logs_time ON status_logs (reported_at)",
           R"(CREATE TABLE power_logs (
                id {ID},
                classroom_id BIGINT,
                device_id TEXT NOT NULL,
                power_on INTEGER NOT NULL,
                reason TEXT NOT NULL,
                source TEXT NOT NULL DEFAULT 'device',
                user_id BIGINT,
                command_id BIGINT,
                logged_at BIGINT NOT NULL,
                device_time BIGINT))",
           "CREATE INDEX power_logs_room_time ON power_logs (classroom_id, logged_at)",
           "CREATE INDEX power_logs_device_time ON power_logs (device_id, logged_at)",
           R"(CREATE TABLE contact_messages (
                id {ID},
                name TEXT NOT NULL,
                email TEXT NOT NULL,
                subject TEXT NOT NULL,
                message TEXT NOT NULL,
                message_type TEXT NOT NULL DEFAULT 'general',
                user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
                is_read INTEGER NOT NULL DEFAULT 0,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL))",
           "CREATE INDEX contact_messages_time ON contact_messages (created_at)",
       },
       {
           "CREATE EXTENSION IF NOT EXISTS btree_gist",
           R"(ALTER TABLE bookings ADD CONSTRAINT bookings_no_overlap
                EXCLUDE USING gist (classroom_id WITH =, int8range(start_time, end_time) WITH &&)
                WHERE (status = 'confirmed'))",
       }},
      {2,
       {
           R"(CREATE TABLE power_commands (
                id {ID},
                classroom_id BIGINT NOT NULL REFERENCES classrooms(id) ON DELETE CASCADE,
                device_id TEXT,
                power_on INTEGER NOT NULL,
                source TEXT NOT NULL,
                user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
                state TEXT NOT NULL DEFAULT 'pending'
                  CHECK (state IN ('pending', 'applied', 'superseded', 'cancelled', 'expired')),
                created_at BIGINT NOT NULL,
                expires_at BIGINT NOT NULL,
                applied_at BIGINT))",
           "CREATE INDEX power_commands_room ON power_commands (classroom_id, created_at)",
           "CREATE INDEX power_commands_live ON power_commands (state, expires_at)",
           R"(CREATE TABLE status_hourly (
                classroom_id BIGINT NOT NULL,
                hour_start BIGINT NOT NULL,
                occupied_s BIGINT NOT NULL DEFAULT 0,
                power_on_s BIGINT NOT NULL DEFAULT 0,
                reports BIGINT NOT NULL DEFAULT 0,
                PRIMARY KEY (classroom_id, hour_start)))",
       },
       {}},
      {3,
       {
           // A term timetable as it was asked for; its occurrences are rows in bookings.
           R"(CREATE TABLE booking_series (
                id {ID},
                classroom_id BIGINT NOT NULL REFERENCES classrooms(id),
                user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
                title TEXT NOT NULL,
                description TEXT NOT NULL DEFAULT '',
                weekdays TEXT NOT NULL,
                start_date TEXT NOT NULL,
                end_date TEXT NOT NULL,
                start_time TEXT NOT NULL,
                end_time TEXT NOT NULL,
                flagged INTEGER NOT NULL DEFAULT 0,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL))",
           // Who created, changed, cancelled a booking, and what the sensors did to it.
           R"(CREATE TABLE booking_events (
                id {ID},
                booking_id BIGINT NOT NULL REFERENCES bookings(id) ON DELETE CASCADE,
                action TEXT NOT NULL,
                user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
                at BIGINT NOT NULL,
                detail TEXT NOT NULL DEFAULT ''))",
           "CREATE INDEX booking_events_booking ON booking_events (booking_id, at)",
           "CREATE INDEX bookings_series ON bookings (series_id, start_time)",
           // The lifecycle step looks for confirmed bookings that started or ended.
           "CREATE INDEX bookings_status_start ON bookings (status, start_time)",
       },
       {}},
      {4,
       {
           // A staff override is tied to the booking that allowed it.
           "ALTER TABLE power_commands ADD COLUMN booking_id BIGINT",
           // Keys registered as the first firmware shipped them (8 to 15 characters).
           "ALTER TABLE esp_devices ADD COLUMN key_weak INTEGER NOT NULL DEFAULT 0",
           // Node writes the database refused for good (a constraint), kept for the admins.
           R"(CREATE TABLE write_quarantine (
                id {ID},
                at BIGINT NOT NULL,
                device_id TEXT NOT NULL,
                kind TEXT NOT NULL,
                error TEXT NOT NULL))",
           // How far a local outage journal has been written into the database, in the
           // same transaction as its writes: a replay after a crash resumes exactly there.
           R"(CREATE TABLE journal_replay (
                journal_id TEXT PRIMARY KEY,
                replayed_to BIGINT NOT NULL))",
           // Counts changes that other instances must follow: one whose note was lost shows as a gap.
           "CREATE TABLE change_counter (id INTEGER PRIMARY KEY, n BIGINT NOT NULL)",
           "INSERT INTO change_counter (id, n) VALUES (1, 0)",
       },
       {}},
      {5,
       {
           // Campus sign-in: who vouches for an account (a local password, the directory,
           // the proxy's header), its id there, and the approver scopes its groups gave it.
           "ALTER TABLE users ADD COLUMN source TEXT NOT NULL DEFAULT 'local'",
           "ALTER TABLE users ADD COLUMN external_id TEXT NOT NULL DEFAULT ''",
           "ALTER TABLE users ADD COLUMN approver_scopes TEXT NOT NULL DEFAULT ''",
           // Deactivated because the directory put the user in no mapped group (undone by
           // their next sign-in in one), not by an admin (which lasts until an admin undoes it).
           "ALTER TABLE users ADD COLUMN deactivated_by_directory INTEGER NOT NULL DEFAULT 0",
           // The last directory or SSO sign-in per username, refused ones too, for the admins:
           // what was sent (never a password or a token), the rules that matched, the result.
           R"(CREATE TABLE sign_in_diagnostics (
                username TEXT PRIMARY KEY,
                at BIGINT NOT NULL,
                source TEXT NOT NULL,
                outcome TEXT NOT NULL,
                attributes TEXT NOT NULL,
                groups TEXT NOT NULL,
                matched_rules TEXT NOT NULL,
                role TEXT NOT NULL,
                reason TEXT NOT NULL,
                error TEXT NOT NULL))",
       },
       {}},
      {6,
       {
           // A room's door display opens at an unguessable address, like its calendar feed.
           "ALTER TABLE classrooms ADD COLUMN display_token TEXT",
           "CREATE UNIQUE INDEX classrooms_display_token ON classrooms (display_token)",
       },
       {}},
      {7,
       {
           // Buildings and their opening hours; existing rooms move into a default one.
           R"(CREATE TABLE buildings (
                id {ID},
                name TEXT NOT NULL UNIQUE,
                code TEXT NOT NULL DEFAULT '',
                address TEXT NOT NULL DEFAULT '',
                opening_hours TEXT NOT NULL DEFAULT 'Mo-Fr 08:00-20:00',
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL))",
           "INSERT INTO buildings (name, code, created_at, updated_at) VALUES ('Main campus', 'MAIN', 0, 0)",
           "ALTER TABLE classrooms ADD COLUMN building_id BIGINT REFERENCES buildings(id)",
           "UPDATE classrooms SET building_id = (SELECT MIN(id) FROM buildings)",
           // The load a meter on the node measured, where it has one (energy saved).
           "ALTER TABLE status_logs ADD COLUMN power_w {REAL}",
       },
       {}},
      {8,
       {
           // What a node's heartbeat last said of its health.
           "ALTER TABLE esp_devices ADD COLUMN rssi BIGINT",
           "ALTER TABLE esp_devices ADD COLUMN uptime_s BIGINT",
           "ALTER TABLE esp_devices ADD COLUMN free_heap BIGINT",
           "ALTER TABLE esp_devices ADD COLUMN reset_reason TEXT NOT NULL DEFAULT ''",
           "ALTER TABLE esp_devices ADD COLUMN health_at BIGINT",
       },
       {}},
      {9,
       {
           // The registrar's key of a class section a timetable import made the series for.
           "ALTER TABLE booking_series ADD COLUMN section TEXT",
           "CREATE UNIQUE INDEX booking_series_section ON booking_series (section) WHERE section IS NOT NULL",
       },
       {}},
      {10,
       {
           // Room attributes are a vocabulary the admins keep (projector, step-free access, ...);
           // a room has any of them, and a floor as people say it ("2", "Ground", "Mezzanine").
           R"(CREATE TABLE room_attributes (
                id {ID},
                key TEXT NOT NULL UNIQUE,
                label TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL))",
           R"(CREATE TABLE classroom_attributes (
                classroom_id BIGINT NOT NULL REFERENCES classrooms(id) ON DELETE CASCADE,
                attribute_id BIGINT NOT NULL REFERENCES room_attributes(id) ON DELETE CASCADE,
                PRIMARY KEY (classroom_id, attribute_id)))",
           "CREATE INDEX classroom_attributes_attribute ON classroom_attributes (attribute_id)",
           "ALTER TABLE classrooms ADD COLUMN floor TEXT NOT NULL DEFAULT ''",
           // Teaching terms and the days in them the campus is closed; dates are campus-local YYYY-MM-DD.
           R"(CREATE TABLE terms (
                id {ID},
                name TEXT NOT NULL UNIQUE,
                first_day TEXT NOT NULL,
                last_day TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL))",
           R"(CREATE TABLE term_closures (
                id {ID},
                term_id BIGINT NOT NULL REFERENCES terms(id) ON DELETE CASCADE,
                label TEXT NOT NULL,
                first_day TEXT NOT NULL,
                last_day TEXT NOT NULL))",
       },
       {}},
      {11,
       {
           // Webhook subscriptions. The secret is kept as given: the server signs with it.
           R"(CREATE TABLE webhooks (
                id {ID},
                url TEXT NOT NULL,
                events TEXT NOT NULL,
                secret TEXT NOT NULL,
                created_at BIGINT NOT NULL))",
           // The outbox: a message is written in the transaction of the change that
           // caused it and sent later, until its receiver takes it. Generic by `kind`
           // (webhook today); `order_key` keeps one room's messages in order.
           R"(CREATE TABLE outbox (
                id {ID},
                kind TEXT NOT NULL,
                subscription_id BIGINT,
                destination TEXT NOT NULL DEFAULT '',
                event TEXT NOT NULL,
                order_key TEXT NOT NULL DEFAULT '',
                payload TEXT NOT NULL,
                delivery_id TEXT NOT NULL UNIQUE,
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at BIGINT NOT NULL,
                claimed_by TEXT,
                claimed_until BIGINT,
                delivered_at BIGINT,
                last_status INTEGER,
                last_error TEXT NOT NULL DEFAULT '',
                created_at BIGINT NOT NULL))",
           "CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE delivered_at IS NULL",
           "CREATE INDEX outbox_order ON outbox (subscription_id, order_key, id) WHERE delivered_at IS NULL",
           "CREATE INDEX outbox_subscription ON outbox (subscription_id, id)",
       },
       {}},
      {12,
       {},
       // The hourly roll-ups are read in key order over long periods: PostgreSQL's index
       // holds what the analytics read; SQLite keeps them in the key's order itself, so
       // a year of a campus is one pass over the table instead of a lookup per hour.
       {"CREATE INDEX status_hourly_covering ON status_hourly (classroom_id, hour_start) "
        "INCLUDE (occupied_s, power_on_s)"},
       {R"(CREATE TABLE status_hourly_by_key (
                classroom_id BIGINT NOT NULL,
                hour_start BIGINT NOT NULL,
                occupied_s BIGINT NOT NULL DEFAULT 0,
                power_on_s BIGINT NOT NULL DEFAULT 0,
                reports BIGINT NOT NULL DEFAULT 0,
                PRIMARY KEY (classroom_id, hour_start)) WITHOUT ROWID)",
        "INSERT INTO status_hourly_by_key SELECT classroom_id, hour_start, occupied_s, power_on_s, reports FROM status_hourly",
        "DROP TABLE status_hourly",
        "ALTER TABLE status_hourly_by_key RENAME TO status_hourly"}},
      {13,
       // Approvals and booking rules per room or building; a booking keeps the reason
       // its request was declined. Pending requests hold their slot like confirmed bookings.
       joined(joined(booking_rule_columns("classrooms"), booking_rule_columns("buildings")),
              {"ALTER TABLE bookings ADD COLUMN decision_reason TEXT NOT NULL DEFAULT ''",
               "CREATE INDEX bookings_pending ON bookings (start_time) WHERE status = 'pending'"}),
       {"ALTER TABLE bookings DROP CONSTRAINT bookings_status_check",
        "ALTER TABLE bookings ADD CONSTRAINT bookings_status_check CHECK (status IN "
        "('confirmed', 'cancelled', 'released', 'completed', 'pending', 'declined', 'lapsed'))",
        "ALTER TABLE bookings DROP CONSTRAINT bookings_no_overlap",
        R"(ALTER TABLE bookings ADD CONSTRAINT bookings_no_overlap
             EXCLUDE USING gist (classroom_id WITH =, int8range(start_time, end_time) WITH &&)
             WHERE (status IN ('confirmed', 'pending')))"},
       {},
       widen_booking_statuses},
      {14,
       {
           // Mail: each user's choices (booking mails on, reminders off), and the
           // outbox's mails that a server refused for good (5xx): never tried again.
           "ALTER TABLE users ADD COLUMN mail_bookings INTEGER NOT NULL DEFAULT 1",
           "ALTER TABLE users ADD COLUMN reminder_min INTEGER",
           "ALTER TABLE outbox ADD COLUMN failed_at BIGINT",
           "CREATE INDEX outbox_mail ON outbox (kind, order_key, id) WHERE delivered_at IS NULL AND failed_at IS NULL",
       },
       {}},
      {15,
       {
           // Single sign-on: pending OpenID Connect sign-ins (by a hash of their state) and
           // the one-time codes that hand a finished one to the web app, for any instance.
           R"(CREATE TABLE oidc_pending (
                state_hash TEXT PRIMARY KEY,
                nonce TEXT NOT NULL,
                verifier TEXT NOT NULL,
                next_path TEXT NOT NULL,
                expires_at BIGINT NOT NULL,
                used_at BIGINT))",
           R"(CREATE TABLE oidc_handovers (
                code_hash TEXT PRIMARY KEY,
                user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                next_path TEXT NOT NULL,
                expires_at BIGINT NOT NULL,
                used_at BIGINT))",
       },
       {}},
      {16,
       {
           // Reminders queued: one per booking and start time (a booking moved gets a
           // new one), written in the transaction that queues the mail; the key keeps
           // two instances from both queueing it.
           R"(CREATE TABLE booking_reminders (
                booking_id BIGINT NOT NULL REFERENCES bookings(id) ON DELETE CASCADE,
                start_time BIGINT NOT NULL,
                queued_at BIGINT NOT NULL,
                PRIMARY KEY (booking_id, start_time)))",
           // What the admins' digest mail reports: devices offline (and back) and
           // sensor faults, written with the event's own change.
           R"(CREATE TABLE alert_events (
                id {ID},
                event TEXT NOT NULL,
                device_id TEXT NOT NULL,
                classroom_id BIGINT,
                detail TEXT NOT NULL DEFAULT '',
                at BIGINT NOT NULL))",
           "CREATE INDEX alert_events_at ON alert_events (at)",
           // Each admin's last digest: the newest event it covered, and when.
           R"(CREATE TABLE mail_digests (
                user_id BIGINT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
                last_event_id BIGINT NOT NULL,
                sent_at BIGINT NOT NULL))",
       },
       {}},
      {17,
       {
           // Booking rules by directory group, and each directory or SSO account's groups
           // as its last sign-in brought them (one a line), which those rules read.
           "ALTER TABLE classrooms ADD COLUMN allowed_groups TEXT",
           "ALTER TABLE buildings ADD COLUMN allowed_groups TEXT",
           "ALTER TABLE users ADD COLUMN directory_groups TEXT NOT NULL DEFAULT ''",
       },
       {}},
      {18,
       {
           // Over-the-air updates: the signed images (in the database, so that every
           // instance on one PostgreSQL serves the same bytes), their rollouts, and each
           // node's part in one.
           R"(CREATE TABLE firmware_images (
                id {ID},
                version TEXT NOT NULL UNIQUE,
                size BIGINT NOT NULL,
                sha256 TEXT NOT NULL,
                signature TEXT NOT NULL,
                data TEXT NOT NULL,
                notes TEXT NOT NULL DEFAULT '',
                uploaded_by TEXT NOT NULL DEFAULT '',
                created_at BIGINT NOT NULL))",
           R"(CREATE TABLE firmware_rollouts (
                id {ID},
                version TEXT NOT NULL REFERENCES firmware_images(version),
                scope TEXT NOT NULL CHECK (scope IN ('device', 'building', 'campus')),
                target TEXT NOT NULL DEFAULT '',
                stages TEXT NOT NULL,
                stage INTEGER NOT NULL DEFAULT 0,
                state TEXT NOT NULL CHECK (state IN ('running', 'paused', 'halted', 'aborted', 'completed')),
                stage_started_at BIGINT NOT NULL,
                soak_s BIGINT NOT NULL,
                window_s BIGINT NOT NULL,
                max_failed_percent {REAL} NOT NULL,
                reason TEXT NOT NULL DEFAULT '',
                created_by TEXT NOT NULL DEFAULT '',
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL))",
           R"(CREATE TABLE firmware_updates (
                rollout_id BIGINT NOT NULL REFERENCES firmware_rollouts(id) ON DELETE CASCADE,
                device_id TEXT NOT NULL,
                from_version TEXT NOT NULL DEFAULT '',
                state TEXT NOT NULL CHECK (state IN ('offered', 'updated', 'failed')),
                offered_at BIGINT NOT NULL,
                done_at BIGINT,
                last_seen_at BIGINT,
                PRIMARY KEY (rollout_id, device_id)))",
           "CREATE INDEX firmware_updates_device ON firmware_updates (device_id)",
       },
       {}},
      {19,
       {
           // A device's status logs are found through the rooms it has reported from
           // (0: from no room) and the room index. An index of its own cost a page write
           // a report, since every device's newest entry sits on a page of its own.
           R"(CREATE TABLE device_rooms (
                device_id TEXT NOT NULL,
                classroom_id BIGINT NOT NULL,
                PRIMARY KEY (device_id, classroom_id)))",
           "INSERT INTO device_rooms (device_id, classroom_id) "
           "SELECT DISTINCT device_id, COALESCE(classroom_id, 0) FROM status_logs",
           "DROP INDEX status_logs_device_time",
       },
       // Kept by the database itself, whichever code inserts a log. A pair already there
       // is a look-up, not a write.
       {R"(CREATE FUNCTION status_logs_note_rooms() RETURNS trigger LANGUAGE plpgsql AS $$
             BEGIN
               INSERT INTO device_rooms (device_id, classroom_id)
                 SELECT DISTINCT device_id, COALESCE(classroom_id, 0) FROM added
                 ON CONFLICT DO NOTHING;
               RETURN NULL;
             END $$)",
        "CREATE TRIGGER status_logs_device_rooms AFTER INSERT ON status_logs REFERENCING NEW TABLE AS added "
        "FOR EACH STATEMENT EXECUTE FUNCTION status_logs_note_rooms()"},
       {R"(CREATE TRIGGER status_logs_device_rooms AFTER INSERT ON status_logs BEGIN
             INSERT INTO device_rooms (device_id, classroom_id)
               VALUES (NEW.device_id, COALESCE(NEW.classroom_id, 0)) ON CONFLICT DO NOTHING;
           END)"}},
  };
  return list;
}

std::string spell(std::string sql, Dialect d) {
  auto replace = [&](const std::string& from, const std::string& to) {
    for (auto p = sql.find(from); p != std::string::npos; p = sql.find(from, p + to.size()))
      sql.replace(p, from.size(), to);
  };
  replace("{ID}", d == Dialect::sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGSERIAL PRIMARY KEY");
  replace("{REAL}", d == Dialect::sqlite ? "REAL" : "DOUBLE PRECISION");
  return sql;
}

}  // namespace

void Db::migrate() {
  write([&](soci::session& s) {
    // Several instances may start at once on one PostgreSQL: one migrates, the others wait.
    if (!is_sqlite()) s << "SELECT pg_advisory_xact_lock(727274)";
    s << "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)";
    // Each version not applied yet, not each above the highest: branches merged in another
    // order than their numbers (9 after 10 and 12) still reach every database.
    std::set<int> applied;
    soci::rowset<soci::row> rs = (s.prepare << "SELECT version FROM schema_migrations");
    for (const auto& r : rs) applied.insert(static_cast<int>(row_i64(r, 0)));
    for (const auto& m : migrations()) {
      if (applied.count(m.version)) continue;
      for (const auto& stmt : m.both) s << spell(stmt, dialect());
      for (const auto& stmt : is_sqlite() ? m.sqlite : m.postgresql) s << stmt;
      if (is_sqlite() && m.sqlite_step) m.sqlite_step(s);
      long long now = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch()).count();
      s << "INSERT INTO schema_migrations (version, applied_at) VALUES (:v, :t)",
          soci::use(m.version), soci::use(now);
      spdlog::info("event=migration_applied version={}", m.version);
    }
  });
}

}  // namespace classroom
