#include "storage/pg_notify.hpp"

#include <libpq-fe.h>
#include <poll.h>
#include <spdlog/spdlog.h>

#include <memory>

namespace classroom {

namespace {
struct PgFree {
  void operator()(PGconn* c) const { PQfinish(c); }
};
using Conn = std::unique_ptr<PGconn, PgFree>;

Conn connect(const std::string& conninfo) {
  Conn c(PQconnectdb(conninfo.c_str()));
  if (!c || PQstatus(c.get()) != CONNECTION_OK) return nullptr;
  return c;
}

bool exec(PGconn* c, const char* sql) {
  PGresult* r = PQexec(c, sql);
  bool ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
  PQclear(r);
  return ok;
}
}  // namespace

PgNotify::PgNotify(std::string conninfo, OnNotify on_notify, std::function<void()> on_reconnect)
    : conninfo_(std::move(conninfo)), on_notify_(std::move(on_notify)), on_reconnect_(std::move(on_reconnect)) {}

PgNotify::~PgNotify() { stop(); }

void PgNotify::start() {
  listener_ = std::thread([this] { listen_loop(); });
  sender_ = std::thread([this] { send_loop(); });
}

void PgNotify::stop() {
  {
    std::lock_guard g(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (listener_.joinable()) listener_.join();
  if (sender_.joinable()) sender_.join();
}

void PgNotify::notify(const std::string& channel, const std::string& payload) {
  if (payload.size() > 7900) return;  // NOTIFY's payload limit is 8000 bytes
  {
    std::lock_guard g(mu_);
    if (outbox_.size() >= 10000) outbox_.pop_front();  // a stalled database drops the oldest
    outbox_.emplace_back(channel, payload);
  }
  cv_.notify_one();
}

void PgNotify::send_loop() {
  Conn conn;
  for (;;) {
    std::pair<std::string, std::string> msg;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return stopping_ || !outbox_.empty(); });
      if (stopping_) return;
      msg = std::move(outbox_.front());
      outbox_.pop_front();
    }
    if (!conn) conn = connect(conninfo_);
    if (!conn) continue;  // database down: this note is lost; the listener reloads on reconnect
    const char* params[] = {msg.first.c_str(), msg.second.c_str()};
    PGresult* r = PQexecParams(conn.get(), "SELECT pg_notify($1, $2)", 2, nullptr, params, nullptr, nullptr, 0);
    if (PQresultStatus(r) != PGRES_TUPLES_OK) conn.reset();
    PQclear(r);
  }
}

void PgNotify::listen_loop() {
  bool lost = false;
  while (true) {
    {
      std::lock_guard g(mu_);
      if (stopping_) return;
    }
    Conn conn = connect(conninfo_);
    if (!conn || !exec(conn.get(), "LISTEN classroom_events") || !exec(conn.get(), "LISTEN classroom_changes")) {
      lost = true;
      std::unique_lock lock(mu_);
      cv_.wait_for(lock, std::chrono::seconds(1), [&] { return stopping_; });
      continue;
    }
    if (lost) {
      spdlog::info("event=pg_bridge_reconnected");
      if (on_reconnect_) on_reconnect_();
      lost = false;
    }
    for (;;) {
      {
        std::lock_guard g(mu_);
        if (stopping_) return;
      }
      pollfd pfd{PQsocket(conn.get()), POLLIN, 0};
      int rc = poll(&pfd, 1, 200);
      if (rc < 0) break;
      if (rc > 0 && !PQconsumeInput(conn.get())) break;
      while (PGnotify* n = PQnotifies(conn.get())) {
        std::string channel = n->relname, payload = n->extra;
        PQfreemem(n);
        on_notify_(channel, payload);
      }
      if (PQstatus(conn.get()) != CONNECTION_OK) break;
    }
    spdlog::warn("event=pg_bridge_lost");
    lost = true;
  }
}

}  // namespace classroom
