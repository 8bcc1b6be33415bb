#include "storage/node_writes.hpp"

#include "storage/db.hpp"
#include "storage/mail_outbox.hpp"
#include "storage/outbox.hpp"
#include "storage/status_rows.hpp"

#include <map>

namespace classroom {

namespace {

template <class T>
soci::indicator ind(const std::optional<T>& v) {
  return v ? soci::i_ok : soci::i_null;
}

// Binds one optional value: the variable behind the binding must outlive the statement.
template <class T>
struct Opt {
  T value{};
  soci::indicator indicator = soci::i_null;
  void set(const std::optional<T>& v) {
    value = v.value_or(T{});
    indicator = ind(v);
  }
};

// Kept with its connection from batch to batch on SQLite (Db::write_keeping): each
// statement is prepared at its first use on that connection and then only run.
class BatchWriter : public Db::Kept {
 public:
  explicit BatchWriter(soci::session& s) : session_(s) {}

  // Webhook subscriptions may change between batches: each batch looks them up afresh.
  void begin_batch() { subscribers_.clear(); }

  // SQLite only (PostgreSQL takes runs of reports as arrays, storage/status_rows.cpp):
  // three short statements run per report. An in-process step costs microseconds;
  // parsing one statement of a chunk's 2,000 values cost more than the writes.
  void operator()(const StatusWrite& w) {
    room_.set(w.classroom_id);
    device_ = w.device_id;
    occupied_ = w.is_occupied;
    power_ = w.is_power_on;
    movement_.set(w.last_movement);
    temperature_.set(w.temperature);
    reason_ = w.power_reason;
    at_ = w.at;
    device_time_.set(w.device_time);
    power_w_.set(w.power_w);
    prepared(status_log_, [&] {
      return (session_.prepare << "INSERT INTO status_logs (classroom_id, device_id, is_occupied, is_power_on, "
                                  "last_movement, temperature, power_reason, reported_at, device_time, power_w) "
                                  "VALUES (:c, :d, :o, :p, :m, :t, :r, :a, :dt, :w)",
              soci::use(room_.value, room_.indicator), soci::use(device_), soci::use(occupied_), soci::use(power_),
              soci::use(movement_.value, movement_.indicator), soci::use(temperature_.value, temperature_.indicator),
              soci::use(reason_), soci::use(at_), soci::use(device_time_.value, device_time_.indicator),
              soci::use(power_w_.value, power_w_.indicator));
    }).execute(true);
    if (w.classroom_id)
      prepared(room_status_, [&] {
        return (session_.prepare << "INSERT INTO room_status (classroom_id, is_occupied, is_power_on, last_movement, "
                                    "temperature, power_reason, last_report_at, updated_at) "
                                    "VALUES (:c, :o, :p, :m, :t, :r, :a, :a2) ON CONFLICT (classroom_id) DO UPDATE SET "
                                    "is_occupied = excluded.is_occupied, is_power_on = excluded.is_power_on, "
                                    "last_movement = excluded.last_movement, temperature = excluded.temperature, "
                                    "power_reason = excluded.power_reason, last_report_at = excluded.last_report_at, "
                                    "updated_at = excluded.updated_at",
                soci::use(room_.value), soci::use(occupied_), soci::use(power_),
                soci::use(movement_.value, movement_.indicator), soci::use(temperature_.value, temperature_.indicator),
                soci::use(reason_), soci::use(at_), soci::use(at_));
      }).execute(true);
    seen(w.device_id, w.at, w.seq.value_or(0), std::nullopt);
  }

  void operator()(const PowerLogWrite& w) {
    room_.set(w.classroom_id);
    device_ = w.device_id;
    power_ = w.power_on;
    reason_ = w.reason;
    source_ = w.source;
    user_.set(w.user_id);
    command_.set(w.command_id);
    at_ = w.at;
    device_time_.set(w.device_time);
    prepared(power_log_, [&] {
      return (session_.prepare << "INSERT INTO power_logs (classroom_id, device_id, power_on, reason, source, user_id, "
                                  "command_id, logged_at, device_time) VALUES (:c, :d, :p, :r, :s, :u, :k, :a, :dt)",
              soci::use(room_.value, room_.indicator), soci::use(device_), soci::use(power_), soci::use(reason_),
              soci::use(source_), soci::use(user_.value, user_.indicator), soci::use(command_.value, command_.indicator),
              soci::use(at_), soci::use(device_time_.value, device_time_.indicator));
    }).execute(true);
    // A node's own log says what its relay now does.
    if (w.source == "device" && w.classroom_id)
      prepared(power_state_, [&] {
        return (session_.prepare << "UPDATE room_status SET is_power_on = :p, updated_at = :a WHERE classroom_id = :c",
                soci::use(power_), soci::use(at_), soci::use(room_.value));
      }).execute(true);
  }

  void operator()(const DeviceSeen& w) {
    seen(w.device_id, w.at, 0, w.firmware_version.empty() ? std::nullopt : std::optional(w.firmware_version));
    if (!w.health.any()) return;
    rssi_.set(w.health.rssi);
    uptime_.set(w.health.uptime_s);
    heap_.set(w.health.free_heap);
    reset_reason_ = w.health.reset_reason;
    prepared(health_, [&] {
      return (session_.prepare << "UPDATE esp_devices SET rssi = :r, uptime_s = :u, free_heap = :h, "
                                  "reset_reason = :rr, health_at = :a WHERE device_id = :d",
              soci::use(rssi_.value, rssi_.indicator), soci::use(uptime_.value, uptime_.indicator),
              soci::use(heap_.value, heap_.indicator), soci::use(reset_reason_), soci::use(at_), soci::use(device_));
    }).execute(true);
  }

  void operator()(const Connectivity& w) {
    device_ = w.device_id;
    occupied_ = w.connected;
    prepared(connectivity_, [&] {
      return (session_.prepare << "UPDATE esp_devices SET is_connected = :c WHERE device_id = :d", soci::use(occupied_),
              soci::use(device_));
    }).execute(true);
  }

  void operator()(const EventWrite& w) {
    // One look-up per event type and batch, however many rooms changed in it.
    auto it = subscribers_.find(w.event);
    if (it == subscribers_.end()) it = subscribers_.emplace(w.event, subscribers_of(session_, w.event)).first;
    enqueue_to(session_, it->second, {w.event, w.order_key, [&] { return w.payload; }, w.at});
    record_alert_event(session_, w.event, w.payload, w.at);  // the admins' digest mail
  }

  void operator()(const CommandApplied& w) {
    at_ = w.at;
    command_.value = w.command_id;
    prepared(applied_, [&] {
      return (session_.prepare << "UPDATE power_commands SET state = 'applied', applied_at = :a "
                                  "WHERE id = :k AND state = 'pending'",
              soci::use(at_), soci::use(command_.value));
    }).execute(true);
  }

 private:
  void seen(const std::string& device, long long at, long long seq, const std::optional<std::string>& fw) {
    device_ = device;
    at_ = at;
    seq_ = seq;
    firmware_.set(fw);
    prepared(seen_, [&] {
      return (session_.prepare << "UPDATE esp_devices SET last_seen = :a, is_connected = 1, "
                                  "last_seq = CASE WHEN :q > last_seq THEN :q2 ELSE last_seq END, "
                                  "firmware_version = COALESCE(:f, firmware_version) WHERE device_id = :d",
              soci::use(at_), soci::use(seq_), soci::use(seq_), soci::use(firmware_.value, firmware_.indicator),
              soci::use(device_));
    }).execute(true);
  }

  // A statement is prepared at its first use (on PostgreSQL, where it lasts a batch, a
  // prepare is a round trip; a batch of status reports alone needs none of these).
  template <class Prepare>
  soci::statement& prepared(std::optional<soci::statement>& st, Prepare prepare) {
    if (!st) st.emplace(prepare());
    return *st;
  }

  Opt<long long> room_, device_time_, user_, command_, rssi_, uptime_, heap_, movement_;
  Opt<double> temperature_, power_w_;
  std::string reset_reason_;
  Opt<std::string> firmware_;
  std::string device_, reason_, source_;
  int occupied_ = 0, power_ = 0;
  long long at_ = 0, seq_ = 0;
  soci::session& session_;
  std::map<std::string, std::vector<std::int64_t>> subscribers_;
  std::optional<soci::statement> seen_, power_log_, connectivity_, power_state_, applied_, health_, status_log_,
      room_status_;
};

}  // namespace

void NodeWriteStore::write_batch(const std::vector<NodeWrite>& writes, const std::optional<JournalMark>& mark) {
  if (writes.empty() && !mark) return;
  db_.write_keeping<BatchWriter>([&](soci::session& s, BatchWriter& w) {
    w.begin_batch();
    if (db_.is_sqlite()) {
      for (const auto& item : writes) std::visit(w, item);
    } else {
      // Runs of status reports go out as array statements; anything else in between is
      // written in its place, so the order of effects is kept.
      std::vector<const StatusWrite*> run;
      for (const auto& item : writes) {
        if (const auto* status = std::get_if<StatusWrite>(&item)) {
          run.push_back(status);
          continue;
        }
        write_status_rows(s, run);
        run.clear();
        std::visit([&](const auto& x) {
          if constexpr (!std::is_same_v<std::decay_t<decltype(x)>, StatusWrite>) w(x);
        }, item);
      }
      write_status_rows(s, run);
    }
    if (mark) {
      long long to = mark->replayed_to;
      s << "INSERT INTO journal_replay (journal_id, replayed_to) VALUES (:j, :t) "
           "ON CONFLICT (journal_id) DO UPDATE SET replayed_to = excluded.replayed_to",
          soci::use(mark->journal_id), soci::use(to);
    }
  });
}

std::int64_t NodeWriteStore::replayed_to(const std::string& journal_id) {
  return db_.run([&](soci::session& s) -> std::int64_t {
    long long to = 0;
    soci::indicator ind = soci::i_null;
    s << "SELECT replayed_to FROM journal_replay WHERE journal_id = :j", soci::use(journal_id), soci::into(to, ind);
    return ind == soci::i_ok ? to : 0;
  });
}

void NodeWriteStore::quarantine(const std::string& device_id, const std::string& kind, const std::string& error,
                                std::int64_t now) {
  long long t = now;
  db_.run([&](soci::session& s) {
    s << "INSERT INTO write_quarantine (at, device_id, kind, error) VALUES (:t, :d, :k, :e)", soci::use(t),
        soci::use(device_id), soci::use(kind), soci::use(error);
  });
}

std::int64_t NodeWriteStore::quarantined() {
  return db_.run([](soci::session& s) -> std::int64_t {
    long long n = 0;
    s << "SELECT COUNT(*) FROM write_quarantine", soci::into(n);
    return n;
  });
}

}  // namespace classroom
