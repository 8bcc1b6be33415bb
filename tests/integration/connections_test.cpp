// A cap on concurrent connections: beyond it, new connections wait to be accepted
// (nothing spins, nothing crashes) and are served as soon as one closes.
#include "fixture.hpp"

#include <boost/asio.hpp>

#include <memory>
#include <vector>

namespace {
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

// Sends a GET and waits up to `wait` for the first bytes of an answer.
bool answered_within(asio::io_context& ioc, tcp::socket& s, std::chrono::milliseconds wait) {
  std::string req = "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  asio::write(s, asio::buffer(req));
  char buf[64];
  bool got = false;
  s.async_read_some(asio::buffer(buf), [&](boost::system::error_code ec, std::size_t n) { got = !ec && n > 0; });
  ioc.restart();
  ioc.run_for(wait);
  if (!got) {
    s.cancel();
    ioc.restart();
    ioc.run();
  }
  return got;
}
}  // namespace

TEST(Connections, BeyondTheCapNewConnectionsWaitUntilOneCloses) {
  auto db = ts::fresh_db("sqlite");
  ts::Server server(db, {"--max-connections", "3"});
  asio::io_context ioc;
  auto endpoint = tcp::endpoint(asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(server.port()));
  std::vector<std::unique_ptr<tcp::socket>> idle;
  for (int i = 0; i < 3; ++i) {
    idle.push_back(std::make_unique<tcp::socket>(ioc));
    idle.back()->connect(endpoint);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // let the server take them
  tcp::socket fourth(ioc);
  fourth.connect(endpoint);  // the kernel's backlog takes it; the server does not yet
  EXPECT_FALSE(answered_within(ioc, fourth, std::chrono::milliseconds(700))) << "the cap holds";
  idle.front()->close();
  idle.erase(idle.begin());
  char buf[64];
  boost::system::error_code ec;
  fourth.non_blocking(false);
  auto n = fourth.read_some(asio::buffer(buf), ec);  // answered once a place is free
  EXPECT_FALSE(ec) << ec.message();
  EXPECT_EQ(std::string(buf, n).rfind("HTTP/1.1 200", 0), 0u) << std::string(buf, n);
  idle.clear();
  EXPECT_EQ(ts::http(server.port(), "GET", "/healthz").status, 200) << "and the server is well";
}
