#pragma once
// Several classroomd instances on one PostgreSQL behave as one: events and
// "this changed" notes travel between them with LISTEN/NOTIFY. A listener thread
// receives; a sender thread sends from a bounded queue so no request waits on it.
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace classroom {

class PgNotify {
 public:
  using OnNotify = std::function<void(const std::string& channel, const std::string& payload)>;
  // conninfo: libpq keyword form. on_reconnect runs after the listener lost and
  // regained its connection (notifications may have been missed meanwhile).
  PgNotify(std::string conninfo, OnNotify on_notify, std::function<void()> on_reconnect);
  ~PgNotify();
  void start();
  void stop();
  void notify(const std::string& channel, const std::string& payload);

  static constexpr const char* kEvents = "classroom_events";
  static constexpr const char* kChanges = "classroom_changes";

 private:
  void listen_loop();
  void send_loop();

  std::string conninfo_;
  OnNotify on_notify_;
  std::function<void()> on_reconnect_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::pair<std::string, std::string>> outbox_;
  bool stopping_ = false;
  std::thread listener_, sender_;
};

}  // namespace classroom
