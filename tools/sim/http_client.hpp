#pragma once
// A small asynchronous HTTP/1.1 client: a pool of keep-alive connections shared by all
// virtual nodes, and dedicated connections for long-polls. Beast stays inside
// http_client.cpp; this header only needs Asio's coroutine types.
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "endpoint.hpp"

namespace sim {

struct HttpRequest {
  std::string method = "POST";
  std::string target;  // path and query, without the endpoint's base path
  std::string body;
  std::string device_id;  // sent as X-Device-ID / X-API-Key when set
  std::string api_key;
  std::string bearer;     // sent as Authorization: Bearer when set
};

// Builders, so coroutines never hold string literals across a co_await (GCC 12 fails
// on array temporaries in a co_await full-expression).
inline HttpRequest post_as_device(std::string target, std::string body, std::string device_id, std::string api_key) {
  return HttpRequest{"POST", std::move(target), std::move(body), std::move(device_id), std::move(api_key), {}};
}
inline HttpRequest get_as_device(std::string target, std::string device_id, std::string api_key) {
  return HttpRequest{"GET", std::move(target), {}, std::move(device_id), std::move(api_key), {}};
}
inline HttpRequest post_as_admin(std::string target, std::string body, std::string bearer) {
  return HttpRequest{"POST", std::move(target), std::move(body), {}, {}, std::move(bearer)};
}

struct HttpResponse {
  int status = 0;  // 0: no answer (connect, timeout, reset)
  std::string body;
  int retry_after_s = -1;
  std::string error;
  std::uint64_t micros = 0;       // from the call to the answer, waiting for a connection included
  std::uint64_t wait_micros = 0;  // of that, waiting for a pooled connection and connecting
};

class HttpClient {
 public:
  HttpClient(boost::asio::io_context& io, Endpoint server, std::size_t max_connections,
             std::chrono::milliseconds timeout);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Resolves the server's address once; false (with a message) when it cannot.
  bool resolve(std::string& error);
  // New connections leave from these local addresses in turn (e.g. 127.0.0.1, 127.0.0.2,
  // ...), so one machine can hold more connections to one server port than one
  // address has ports. False (with a message) for an address that is not one.
  bool use_sources(const std::vector<std::string>& addresses, std::string& error);

  // On a pooled connection; waits for one when all are busy.
  boost::asio::awaitable<HttpResponse> send(HttpRequest request);

  // A connection of its own, e.g. for a long-poll that holds it for a minute.
  class Channel {
   public:
    virtual ~Channel() = default;
    virtual boost::asio::awaitable<HttpResponse> send(HttpRequest request) = 0;
  };
  std::unique_ptr<Channel> channel(std::chrono::milliseconds timeout);

  std::size_t open_connections() const;
  boost::asio::io_context::executor_type executor() const;
  // Closes every connection; calls in flight end with an error, waiters get none.
  void shutdown();

  struct Impl;  // defined in http_client.cpp

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace sim
