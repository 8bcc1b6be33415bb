#include "http/server.hpp"

#include "http/client_address.hpp"
#include "http/errors.hpp"
#include "http/request_from_beast.hpp"
#include "http/ws_auth.hpp"
#include "realtime/hub.hpp"
#include "util/metrics.hpp"

#include <boost/asio.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/beast.hpp>
#include <spdlog/spdlog.h>

#include <array>
#include <atomic>
#include <deque>
#include <thread>

namespace classroom {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

struct HttpServer::Impl {
  ServerOptions opts;
  const Dispatcher& dispatcher;
  Hub& hub;
  asio::io_context ioc;
  tcp::acceptor acceptor{ioc};
  std::atomic<int> in_flight{0};
  std::atomic<int> sessions{0};
  std::atomic<bool> stopping{false};
  asio::steady_timer drain{ioc};

  Impl(ServerOptions o, const Dispatcher& d, Hub& h) : opts(std::move(o)), dispatcher(d), hub(h) {}
  asio::awaitable<void> accept_loop();
  asio::awaitable<void> session(tcp::socket socket);
  asio::awaitable<void> upgrade(beast::tcp_stream stream, BeastRequest breq, const Request& req);
  void begin_shutdown();
  void wait_drained(std::chrono::steady_clock::time_point deadline);
};

namespace {

// Counts a connection for as long as its session runs.
struct SessionCount {
  explicit SessionCount(std::atomic<int>& n) : n_(n) { ++n_; }
  ~SessionCount() { --n_; }
  std::atomic<int>& n_;
};

// Runs the dispatcher and resumes the coroutine on its own executor with the response.
template <class Token>
auto async_dispatch(const Dispatcher& d, RequestPtr req, Token&& token) {
  return asio::async_initiate<Token, void(Response)>(
      [&d](auto handler, RequestPtr req) {
        auto ex = asio::get_associated_executor(handler);
        auto h = std::make_shared<decltype(handler)>(std::move(handler));
        d.dispatch(std::move(req), [h, ex](Response r) {
          asio::post(ex, [h, r = std::move(r)]() mutable { (*h)(std::move(r)); });
        });
      },
      token, std::move(req));
}

// Runs `job` (it may block) on the worker pool and resumes on the caller's executor
// with its result; empty when it threw.
template <class T, class Token>
auto async_blocking(const Dispatcher& d, std::function<std::optional<T>()> job, Token&& completion) {
  return asio::async_initiate<Token, void(std::optional<T>)>(
      [&d](auto handler, std::function<std::optional<T>()> job) {
        auto ex = asio::get_associated_executor(handler);
        auto h = std::make_shared<decltype(handler)>(std::move(handler));
        d.blocking()([h, ex, job = std::move(job)] {
          std::optional<T> out;
          try {
            out = job();
          } catch (...) {
          }
          asio::post(ex, [h, out]() mutable { (*h)(out); });
        });
      },
      completion, std::move(job));
}

// Takes the body out of `r` (the rest of it stays, for the log).
http::response<http::string_body> to_beast(Response& r, unsigned version, bool keep_alive) {
  http::response<http::string_body> res{static_cast<http::status>(r.status), version};
  res.set(http::field::server, "classroomd");
  if (!r.content_type.empty()) res.set(http::field::content_type, r.content_type);
  for (const auto& [k, v] : r.headers) res.insert(k, v);
  res.body() = std::move(r.body);
  res.keep_alive(keep_alive);
  res.prepare_payload();
  return res;
}

// One dashboard or door display connection: queued writes so one is in flight at a
// time. The hub closes it when the session ends (token expired, user deactivated or
// demoted, display link reset).
class WsSession : public std::enable_shared_from_this<WsSession> {
 public:
  using Subscribe = std::function<std::uint64_t(Hub::Sink, Hub::Close)>;
  WsSession(beast::tcp_stream stream, Hub& hub) : ws_(std::move(stream)), hub_(hub) {}

  // `who` names the listener in the log (never its token).
  // `echo_protocol`: the client offered the classroom.v1 subprotocol; the answer names it.
  asio::awaitable<void> run(BeastRequest req, Subscribe subscribe, std::string hello, std::string who,
                            bool echo_protocol) {
    ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
    if (echo_protocol)
      ws_.set_option(websocket::stream_base::decorator([](websocket::response_type& res) {
        res.set(http::field::sec_websocket_protocol, kWsProtocol);
      }));
    ws_.read_message_max(4096);
    auto [ec] = co_await ws_.async_accept(req, asio::as_tuple(asio::use_awaitable));
    if (ec) co_return;
    // Events are small: a kernel buffer of 64 KB (instead of up to 4 MB autotuned) keeps a
    // thousand dashboards' memory bounded and lets a stalled one be noticed by its queue.
    beast::error_code sndbuf_ec;
    beast::get_lowest_layer(ws_).socket().set_option(asio::socket_base::send_buffer_size(64 * 1024), sndbuf_ec);
    std::weak_ptr<WsSession> weak = shared_from_this();
    auto ex = ws_.get_executor();
    sub_ = subscribe(
        [weak, ex](std::shared_ptr<const std::string> msg) {
          if (auto self = weak.lock()) asio::post(ex, [self, msg] { self->send(msg); });
        },
        [weak, ex] {
          if (auto self = weak.lock()) asio::post(ex, [self] { self->close(); });
        });
    spdlog::info("event=ws_open {} subscribers={}", who, hub_.subscribers());
    send(std::make_shared<const std::string>(std::move(hello)));
    beast::flat_buffer buffer;
    for (;;) {  // dashboards only listen; reading keeps the connection and answers pings
      auto [rec, n] = co_await ws_.async_read(buffer, asio::as_tuple(asio::use_awaitable));
      if (rec) break;
      buffer.consume(n);
    }
    hub_.unsubscribe(sub_);
    spdlog::info("event=ws_close {}", who);
  }

  void send(std::shared_ptr<const std::string> msg) {
    if (closing_) return;
    if (queue_.size() >= kMaxQueued) return drop();
    queue_.push_back(std::move(msg));
    if (queue_.size() == 1) write_next();
  }

  // The session ended: say why and close (the read loop then ends).
  void close() {
    if (closing_) return;
    closing_ = true;
    queue_.clear();
    ws_.async_close(websocket::close_reason(websocket::close_code::policy_error, "session ended"),
                    [self = shared_from_this()](beast::error_code) {});
  }

 private:
  // Events waiting for a client that does not read: past this, it is closed (a dashboard
  // that missed events shows a wrong campus; the web app reconnects and loads it again).
  static constexpr std::size_t kMaxQueued = 256;

  // A stalled client: the connection is cut (a close frame could not get through either),
  // which ends the read loop and the subscription; nobody else waits for it.
  void drop() {
    closing_ = true;
    queue_.clear();
    spdlog::warn("event=ws_slow_client_closed queued={}", kMaxQueued);
    beast::get_lowest_layer(ws_).close();
  }

  void write_next() {
    ws_.text(true);
    ws_.async_write(asio::buffer(*queue_.front()), [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (self->queue_.empty()) return;
      self->queue_.pop_front();
      if (!ec && !self->queue_.empty()) self->write_next();
    });
  }

  websocket::stream<beast::tcp_stream> ws_;
  Hub& hub_;
  std::deque<std::shared_ptr<const std::string>> queue_;
  std::uint64_t sub_ = 0;
  bool closing_ = false;
};

// Reads and drops what the client still sends, for a while (bounded). Its own coroutine,
// so the buffer is in a frame only while draining, not in every connection's.
asio::awaitable<void> read_and_drop(beast::tcp_stream& stream) {
  std::vector<char> sink(64 * 1024);
  std::size_t drained = 0;
  while (drained < 64 * 1024 * 1024) {
    stream.expires_after(std::chrono::seconds(2));
    auto [rec, n] = co_await stream.async_read_some(asio::buffer(sink), asio::as_tuple(asio::use_awaitable));
    if (rec) break;
    drained += n;
  }
}

}  // namespace

asio::awaitable<void> HttpServer::Impl::session(tcp::socket socket) {
  beast::error_code ignore;
  auto peer = socket.remote_endpoint(ignore).address().to_string();
  SessionCount counted(sessions);
  beast::tcp_stream stream(std::move(socket));
  beast::flat_buffer buffer;
  for (;;) {
    http::request_parser<http::string_body> parser;
    std::size_t largest = opts.body_limit;
    for (const auto& [path, limit] : opts.path_body_limits) largest = std::max(largest, limit);
    parser.body_limit(largest);  // a Content-Length above it fails with the header already
    parser.header_limit(16 * 1024);
    stream.expires_after(opts.read_timeout);
    auto [header_ec, header_n] = co_await http::async_read_header(stream, buffer, parser, asio::as_tuple(asio::use_awaitable));
    beast::error_code ec = header_ec;
    std::size_t limit = opts.body_limit;
    if (!ec) {
      auto target = std::string_view(parser.get().target());
      target = target.substr(0, target.find('?'));
      for (const auto& [path, l] : opts.path_body_limits)
        if (target == path) limit = l;
      if (parser.content_length() && *parser.content_length() > limit) ec = http::error::body_limit;
      else if (!parser.is_done()) {
        parser.body_limit(limit);
        auto [body_ec, body_n] = co_await http::async_read(stream, buffer, parser, asio::as_tuple(asio::use_awaitable));
        ec = body_ec;
      }
    } else if (ec == http::error::body_limit) {
      limit = largest;
    }
    if (ec) {
      std::optional<Response> err;
      if (ec == http::error::body_limit)
        err = render_error(413, "Payload too large",
                           "Request body exceeds " + std::to_string(limit) + " bytes");
      else if (ec != http::error::end_of_stream && ec.category() == http::make_error_code(http::error::bad_method).category())
        err = render_error(400, "Bad request", "Malformed HTTP request");
      if (err) {
        auto res = to_beast(*err, 11, false);
        stream.expires_after(std::chrono::seconds(5));
        co_await http::async_write(stream, res, asio::as_tuple(asio::use_awaitable));
        // A lingering close: the client may still be sending the body we refused. Closing
        // now, with its bytes unread, would reset the connection and could take our answer
        // with it; read and drop what comes for a while (bounded), as nginx does.
        stream.socket().shutdown(tcp::socket::shutdown_send, ignore);
        co_await read_and_drop(stream);
      }
      break;
    }
    BeastRequest breq = parser.release();
    auto remote = client_address(peer, std::string(breq["X-Forwarded-For"]), opts.trusted_proxies);
    auto req = to_request(breq, remote);  // takes the body
    req->peer = peer;
    if (websocket::is_upgrade(breq) && req->path == "/api/ws") {
      co_await upgrade(std::move(stream), std::move(breq), *req);
      co_return;
    }
    // What the answer needs of the Beast request; its header storage goes now, not after
    // a long-poll of a minute (the request holds its own copy of what handlers read).
    const bool client_keep_alive = breq.keep_alive();
    const unsigned version = breq.version();
    const bool head = breq.method() == http::verb::head;
    breq = BeastRequest{};
    ++in_flight;
    auto started = std::chrono::steady_clock::now();
    Response res = co_await async_dispatch(dispatcher, req, asio::use_awaitable);
    auto route = dispatcher.route_label(*req);
    if (opts.metrics)
      opts.metrics->add("classroom_http_requests_total",
                        Labels().add("route", route).add("status", std::to_string(res.status)).text());
    bool keep_alive = client_keep_alive && !stopping;
    auto bres = to_beast(res, version, keep_alive);
    if (head) bres.body().clear();
    stream.expires_after(std::chrono::seconds(30));
    auto [wec, wn] = co_await http::async_write(stream, bres, asio::as_tuple(asio::use_awaitable));
    --in_flight;
    auto us = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started).count();
    // Node reports arrive thousands a second: keep them out of the info log.
    auto level = req->route.rfind("/api/esp/", 0) == 0 && res.status < 400 ? spdlog::level::debug : spdlog::level::info;
    if (spdlog::should_log(level))
      spdlog::log(level, "event=http method={} route={} status={} us={} remote={}", req->method, route, res.status,
                  us, remote);
    if (wec || !keep_alive) break;
  }
  stream.socket().shutdown(tcp::socket::shutdown_send, ignore);
}

// /api/ws?token=JWT: a dashboard, its events as its role may see them.
// /api/ws?display=TOKEN: a door display, told when its room changed.
asio::awaitable<void> HttpServer::Impl::upgrade(beast::tcp_stream stream, BeastRequest breq, const Request& req) {
  auto refuse = [&](Response& err) -> asio::awaitable<void> {
    auto res = to_beast(err, breq.version(), false);
    co_await http::async_write(stream, res, asio::as_tuple(asio::use_awaitable));
    beast::error_code ignore;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignore);
  };
  // Named locals, not temporaries, around each co_await: GCC 12 destroys some
  // temporaries of a co_await expression twice.
  WsSession::Subscribe subscribe;
  std::string hello, who;
  bool echo_protocol = false;
  auto display = req.query_param("display");
  if (display && dispatcher.display_auth()) {
    std::function<std::optional<std::int64_t>()> lookup = [&d = dispatcher, token = *display] {
      return d.display_auth()(token);
    };
    std::optional<std::int64_t> room = co_await async_blocking<std::int64_t>(dispatcher, lookup, asio::use_awaitable);
    if (!room) {
      Response err = render_error(404, "Not found", "No display at this address");
      co_await refuse(err);
      co_return;
    }
    subscribe = [this, id = *room](Hub::Sink sink, Hub::Close close) {
      return hub.subscribe_display(id, std::move(sink), std::move(close));
    };
    hello = R"({"type":"hello","display":true})";
    who = "display classroom_id=" + std::to_string(*room);
  } else {
    auto auth = ws_auth(std::string_view(breq[http::field::sec_websocket_protocol]), req.query_param("token"));
    if (!auth.error.empty()) {
      Response err = render_error(400, "Bad request", auth.error);
      co_await refuse(err);
      co_return;
    }
    echo_protocol = auth.echo_protocol;
    std::function<std::optional<Caller>()> check = [&d = dispatcher, token = auth.token] {
      return std::optional(d.user_auth()(token));
    };
    std::optional<Caller> caller = co_await async_blocking<Caller>(dispatcher, check, asio::use_awaitable);
    if (!caller) {
      Response err = render_error(401, "Unauthorized",
                                  "A valid token is needed: Sec-WebSocket-Protocol: classroom.v1, bearer.<token> "
                                  "(or /api/ws?token=...)");
      co_await refuse(err);
      co_return;
    }
    subscribe = [this, c = *caller](Hub::Sink sink, Hub::Close close) {
      return hub.subscribe(c, std::move(sink), std::move(close));
    };
    hello = R"({"type":"hello","role":")" + std::string(role_name(caller->role)) + "\"}";
    who = "user_id=" + std::to_string(caller->user_id);
  }
  stream.expires_never();
  auto ws = std::make_shared<WsSession>(std::move(stream), hub);
  co_await ws->run(std::move(breq), std::move(subscribe), std::move(hello), std::move(who), echo_protocol);
}

asio::awaitable<void> HttpServer::Impl::accept_loop() {
  asio::steady_timer pause(ioc);
  for (;;) {
    // At the connection cap, wait for a session to end instead of accepting more.
    while (opts.max_connections > 0 && sessions.load() >= opts.max_connections && acceptor.is_open()) {
      pause.expires_after(std::chrono::milliseconds(20));
      co_await pause.async_wait(asio::as_tuple(asio::use_awaitable));
    }
    auto [ec, socket] = co_await acceptor.async_accept(asio::make_strand(ioc), asio::as_tuple(asio::use_awaitable));
    if (ec) {
      if (!acceptor.is_open()) co_return;
      // Out of descriptors or buffers: back off rather than spin on the same error.
      if (ec == asio::error::no_descriptors || ec == asio::error::no_buffer_space ||
          ec.value() == ENFILE) {
        spdlog::warn("event=accept_backoff what=\"{}\"", ec.message());
        pause.expires_after(std::chrono::milliseconds(100));
        co_await pause.async_wait(asio::as_tuple(asio::use_awaitable));
      }
      continue;
    }
    socket.set_option(tcp::no_delay(true), ec);
    auto ex = socket.get_executor();
    asio::co_spawn(ex, session(std::move(socket)), asio::detached);
  }
}

void HttpServer::Impl::begin_shutdown() {
  if (stopping.exchange(true)) return;
  spdlog::info("event=shutdown_begin in_flight={}", in_flight.load());
  beast::error_code ec;
  acceptor.close(ec);
  if (opts.on_shutdown) opts.on_shutdown();
  wait_drained(std::chrono::steady_clock::now() + opts.drain_timeout);
}

void HttpServer::Impl::wait_drained(std::chrono::steady_clock::time_point deadline) {
  if (in_flight == 0 || std::chrono::steady_clock::now() >= deadline) {
    spdlog::info("event=shutdown_drained in_flight={}", in_flight.load());
    ioc.stop();
    return;
  }
  drain.expires_after(std::chrono::milliseconds(20));
  drain.async_wait([this, deadline](beast::error_code) { wait_drained(deadline); });
}

HttpServer::HttpServer(ServerOptions opts, const Dispatcher& dispatcher, Hub& hub)
    : impl_(std::make_unique<Impl>(std::move(opts), dispatcher, hub)) {}

HttpServer::~HttpServer() = default;

std::uint16_t HttpServer::bind() {
  auto& a = impl_->acceptor;
  tcp::endpoint ep{asio::ip::make_address(impl_->opts.listen.host == "localhost" ? "127.0.0.1" : impl_->opts.listen.host),
                   impl_->opts.listen.port};
  a.open(ep.protocol());
  a.set_option(asio::socket_base::reuse_address(true));
  a.bind(ep);
  a.listen(asio::socket_base::max_listen_connections);
  return a.local_endpoint().port();
}

void HttpServer::run() {
  asio::signal_set signals(impl_->ioc, SIGINT, SIGTERM);
  signals.async_wait([this](beast::error_code ec, int sig) {
    if (ec) return;
    spdlog::info("event=signal signal={}", sig);
    impl_->begin_shutdown();
  });
  asio::co_spawn(impl_->ioc, impl_->accept_loop(), asio::detached);
  std::vector<std::thread> threads;
  for (int i = 1; i < impl_->opts.threads; ++i) threads.emplace_back([this] { impl_->ioc.run(); });
  impl_->ioc.run();
  for (auto& t : threads) t.join();
}

void HttpServer::stop() {
  asio::post(impl_->ioc, [this] { impl_->begin_shutdown(); });
}

}  // namespace classroom
