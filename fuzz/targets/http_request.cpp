// The HTTP request head and body as the listener reads them (http/server.cpp): Beast's
// request_parser with the server's limits over arbitrary bytes, several requests on
// one connection; for each whole request the Request is built as to_request does
// (http/request_from_beast.cpp, the listener's own code), client address and query map included.
#include "check.hpp"
#include "domain/errors.hpp"
#include "http/client_address.hpp"
#include "http/message.hpp"
#include "http/request_from_beast.hpp"

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include <cctype>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace beast = boost::beast;
namespace http = beast::http;
using namespace classroom;

namespace {

constexpr std::size_t kBodyLimit = 64 * 1024;   // ServerOptions::body_limit default
constexpr std::size_t kHeaderLimit = 16 * 1024;  // server.cpp


const std::vector<Cidr>& trusted() {
  static const std::vector<Cidr> nets = [] {
    std::vector<Cidr> v;
    for (const char* c : {"127.0.0.1/32", "10.0.0.0/8", "::1", "fd00::/8"}) v.push_back(*parse_cidr(c));
    return v;
  }();
  return nets;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  boost::asio::const_buffer rest(data, size);
  // A keep-alive connection: one parser per request, the bytes after one are the next.
  for (int n = 0; n < 8 && rest.size() > 0; ++n) {
    http::request_parser<http::string_body> parser;
    parser.body_limit(kBodyLimit);
    parser.header_limit(kHeaderLimit);
    parser.eager(true);
    beast::error_code ec;
    while (rest.size() > 0 && !parser.is_done()) {
      auto used = parser.put(rest, ec);
      rest += used;
      if (ec == http::error::need_more) {
        ec = {};
        if (used == 0) break;  // the rest is not enough: the connection ends here
        continue;
      }
      if (ec) return 0;
    }
    if (!parser.is_done()) {
      // The peer closed the connection: what was read so far, if it is a whole message.
      parser.put_eof(ec);
      if (ec || !parser.is_done()) return 0;
    }
    BeastRequest breq = parser.release();
    FUZZ_CHECK(breq.body().size() <= kBodyLimit, "body of %zu bytes passed the limit", breq.body().size());
    std::string remote;
    try {
      remote = client_address(n % 2 ? "10.0.0.2" : "203.0.113.9", std::string(breq["X-Forwarded-For"]), trusted());
      auto req = to_request(breq, remote);
      FUZZ_CHECK(req->path.find('?') == std::string::npos, "path %s keeps a query", req->path.c_str());
      (void)req->header("x-device-id");
      (void)req->query_param("token");
      (void)beast::websocket::is_upgrade(breq);
      (void)breq.keep_alive();
      (void)breq.version();
      (void)breq.payload_size();
    } catch (const std::exception& e) {
      fuzz_unexpected("to_request", &e);
    }
    if (!breq.keep_alive()) break;
  }
  return 0;
}
