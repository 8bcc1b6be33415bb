// The only file of classroom-sim that includes Boost.Beast.
#include "http_client.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <charconv>
#include <deque>
#include <set>

namespace sim {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

namespace {

struct Conn {
  explicit Conn(asio::io_context& io) : stream(io) {}
  beast::tcp_stream stream;
  beast::flat_buffer buffer;
  bool open = false;

  void close() {
    beast::error_code ec;
    stream.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream.close();
    buffer.clear();
    open = false;
  }
};

std::uint64_t micros_since(Clock::time_point t) {
  return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - t).count());
}

HttpResponse shutting_down() {
  HttpResponse r;
  r.error = "shutting down";
  return r;
}

int parse_retry_after(std::string_view v) {
  int out = -1;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  return ec == std::errc{} ? out : -1;
}

http::request<http::string_body> build(const HttpRequest& r, const Endpoint& ep) {
  const bool get = r.method == "GET";
  http::request<http::string_body> req{get ? http::verb::get : http::verb::post, ep.base_path + r.target, 11};
  req.set(http::field::host, ep.host + ":" + ep.port);
  req.set(http::field::user_agent, "classroom-sim");
  if (!r.device_id.empty()) {
    req.set("X-Device-ID", r.device_id);
    req.set("X-API-Key", r.api_key);
  }
  if (!r.bearer.empty()) req.set(http::field::authorization, "Bearer " + r.bearer);
  if (!get) {
    req.set(http::field::content_type, "application/json");
    req.body() = r.body;
    req.prepare_payload();
  }
  req.keep_alive(true);
  return req;
}

}  // namespace

struct HttpClient::Impl {
  struct Waiter {
    explicit Waiter(asio::io_context& io) : timer(io, Clock::time_point::max()) {}
    asio::steady_timer timer;
    std::unique_ptr<Conn> conn;
  };

  Impl(asio::io_context& io_, Endpoint ep_, std::size_t max_, std::chrono::milliseconds timeout_)
      : io(io_), ep(std::move(ep_)), max(max_ ? max_ : 1), timeout(timeout_) {}

  asio::io_context& io;
  Endpoint ep;
  std::size_t max;
  std::chrono::milliseconds timeout;
  tcp::resolver::results_type endpoints;
  std::vector<asio::ip::address> sources;
  std::size_t next_source = 0;
  std::vector<std::unique_ptr<Conn>> idle;
  std::deque<std::shared_ptr<Waiter>> waiters;
  std::set<Conn*> all;  // every live connection, so shutdown can close them
  std::size_t pooled = 0;
  bool stopped = false;

  std::unique_ptr<Conn> make() {
    auto c = std::make_unique<Conn>(io);
    all.insert(c.get());
    return c;
  }
  void forget(std::unique_ptr<Conn> c) {
    if (c) all.erase(c.get());
  }

  asio::awaitable<std::unique_ptr<Conn>> acquire() {
    if (stopped) co_return nullptr;
    if (!idle.empty()) {
      auto c = std::move(idle.back());
      idle.pop_back();
      co_return c;
    }
    if (pooled < max) {
      ++pooled;
      co_return make();
    }
    auto w = std::make_shared<Waiter>(io);
    waiters.push_back(w);
    co_await w->timer.async_wait(use_tuple);
    co_return std::move(w->conn);
  }

  void release(std::unique_ptr<Conn> c) {
    if (stopped) {
      c->close();
      forget(std::move(c));
      return;
    }
    if (!waiters.empty()) {
      auto w = waiters.front();
      waiters.pop_front();
      w->conn = std::move(c);
      w->timer.cancel();
      return;
    }
    idle.push_back(std::move(c));
  }

  // From the next source address when there are several; the port is chosen at connect
  // (IP_BIND_ADDRESS_NO_PORT), so each address has the whole port range per server.
  asio::awaitable<beast::error_code> connect(Conn& c) {
    if (sources.empty()) {
      auto [ec, _] = co_await c.stream.async_connect(endpoints, use_tuple);
      co_return ec;
    }
    const auto server = *endpoints.begin();
    beast::error_code ec;
    auto& s = c.stream.socket();
    s.open(server.endpoint().protocol(), ec);
    if (!ec) s.set_option(asio::detail::socket_option::boolean<IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT>(true), ec);
    if (!ec) s.bind(tcp::endpoint(sources[next_source++ % sources.size()], 0), ec);
    if (ec) co_return ec;
    auto [cec] = co_await c.stream.async_connect(server.endpoint(), use_tuple);
    co_return cec;
  }

  asio::awaitable<HttpResponse> exchange(Conn& c, const HttpRequest& r, std::chrono::milliseconds limit) {
    HttpResponse out;
    auto req = build(r, ep);
    const auto called = Clock::now();
    for (int attempt = 0; attempt < 2; ++attempt) {
      const bool reused = c.open;
      if (!c.open) {
        c.stream.expires_after(limit);
        auto ec = co_await connect(c);
        if (ec) {
          out.error = "connect: " + ec.message();
          c.close();
          co_return out;
        }
        c.stream.socket().set_option(tcp::no_delay(true));
        c.open = true;
      }
      c.stream.expires_after(limit);
      auto [wec, wn] = co_await http::async_write(c.stream, req, use_tuple);
      http::response_parser<http::string_body> parser;
      parser.body_limit(4 << 20);
      std::size_t rn = 0;
      beast::error_code rec;
      if (!wec) std::tie(rec, rn) = co_await http::async_read(c.stream, c.buffer, parser, use_tuple);
      if (wec || rec) {
        c.close();
        // A keep-alive connection the server had closed: try once on a fresh one.
        if (reused && rn == 0 && !stopped) continue;
        out.error = std::string(wec ? "write: " : "read: ") + (wec ? wec : rec).message();
        co_return out;
      }
      auto res = parser.release();
      out.micros = micros_since(called);
      out.status = static_cast<int>(res.result_int());
      if (auto it = res.find(http::field::retry_after); it != res.end())
        out.retry_after_s = parse_retry_after(it->value());
      out.body = std::move(res.body());
      if (!res.keep_alive()) c.close();
      co_return out;
    }
    co_return out;
  }
};

namespace {

class DedicatedChannel : public HttpClient::Channel {
 public:
  DedicatedChannel(std::shared_ptr<HttpClient::Impl> impl, std::chrono::milliseconds timeout)
      : impl_(std::move(impl)), conn_(impl_->make()), timeout_(timeout) {}
  ~DedicatedChannel() override { impl_->forget(std::move(conn_)); }

  asio::awaitable<HttpResponse> send(HttpRequest r) override {
    if (impl_->stopped) co_return shutting_down();
    co_return co_await impl_->exchange(*conn_, r, timeout_);
  }

 private:
  std::shared_ptr<HttpClient::Impl> impl_;
  std::unique_ptr<Conn> conn_;
  std::chrono::milliseconds timeout_;
};

}  // namespace

HttpClient::HttpClient(asio::io_context& io, Endpoint server, std::size_t max_connections,
                       std::chrono::milliseconds timeout)
    : impl_(std::make_shared<Impl>(io, std::move(server), max_connections, timeout)) {}

HttpClient::~HttpClient() { shutdown(); }

bool HttpClient::resolve(std::string& error) {
  tcp::resolver resolver(impl_->io);
  beast::error_code ec;
  impl_->endpoints = resolver.resolve(impl_->ep.host, impl_->ep.port, ec);
  if (ec) error = "cannot resolve " + impl_->ep.host + ":" + impl_->ep.port + ": " + ec.message();
  return !ec;
}

asio::awaitable<HttpResponse> HttpClient::send(HttpRequest request) {
  auto impl = impl_;  // keeps the pool alive while this call is suspended
  const auto called = Clock::now();
  auto conn = co_await impl->acquire();
  if (!conn) co_return shutting_down();
  const auto waited = micros_since(called);
  auto res = co_await impl->exchange(*conn, request, impl->timeout);
  impl->release(std::move(conn));
  res.micros += waited;
  res.wait_micros += waited;
  co_return res;
}

bool HttpClient::use_sources(const std::vector<std::string>& addresses, std::string& error) {
  std::vector<asio::ip::address> parsed;
  for (const auto& a : addresses) {
    beast::error_code ec;
    parsed.push_back(asio::ip::make_address(a, ec));
    if (ec) {
      error = "not an IP address: " + a;
      return false;
    }
  }
  impl_->sources = std::move(parsed);
  return true;
}

std::unique_ptr<HttpClient::Channel> HttpClient::channel(std::chrono::milliseconds timeout) {
  return std::make_unique<DedicatedChannel>(impl_, timeout);
}

std::size_t HttpClient::open_connections() const {
  std::size_t n = 0;
  for (auto* c : impl_->all) n += c->open;
  return n;
}

asio::io_context::executor_type HttpClient::executor() const { return impl_->io.get_executor(); }

void HttpClient::shutdown() {
  impl_->stopped = true;
  for (auto* c : impl_->all) c->close();
  for (auto& w : impl_->waiters) w->timer.cancel();
  impl_->waiters.clear();
}

}  // namespace sim
