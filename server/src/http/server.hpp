#pragma once
// HTTP/1.1 + WebSocket listener (Boost.Beast). The only place Beast is included.
#include "http/client_address.hpp"
#include "http/dispatcher.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace classroom {

class Hub;
class Metrics;

struct HostPort {
  std::string host;
  std::uint16_t port;
};
HostPort parse_listen(const std::string& listen);  // "HOST:PORT"; throws std::invalid_argument

struct ServerOptions {
  HostPort listen;
  int threads = 2;
  std::size_t body_limit = 64 * 1024;
  std::chrono::seconds read_timeout{30};
  std::chrono::seconds drain_timeout{10};
  int max_connections = 0;              // 0: no cap
  std::vector<Cidr> trusted_proxies;    // peers whose X-Forwarded-For is believed
  Metrics* metrics = nullptr;           // HTTP requests by route and status
  // Paths (without the query) that take larger bodies than body_limit (the timetable import).
  std::vector<std::pair<std::string, std::size_t>> path_body_limits;
  // Called once when shutdown begins, after the listener closed: ends what would hold
  // requests open through the drain (long-polls).
  std::function<void()> on_shutdown;
};

class HttpServer {
 public:
  HttpServer(ServerOptions opts, const Dispatcher& dispatcher, Hub& hub);
  ~HttpServer();
  // Binds and listens; returns the bound port (useful with port 0).
  std::uint16_t bind();
  // Serves until SIGINT/SIGTERM or stop(): then stops accepting, lets in-flight
  // requests finish (up to drain_timeout) and returns.
  void run();
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace classroom
