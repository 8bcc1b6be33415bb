#include "tcp_proxy.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

namespace testing_support {

namespace {

sockaddr_in loopback(int port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return a;
}

// Writes all of `n` bytes; false when the peer is gone.
bool send_all(int fd, const char* p, ssize_t n) {
  while (n > 0) {
    auto w = ::send(fd, p, static_cast<std::size_t>(n), MSG_NOSIGNAL);
    if (w <= 0) return false;
    p += w, n -= w;
  }
  return true;
}

}  // namespace

TcpProxy::TcpProxy(int target_port) : target_(target_port) {
  listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  ::setsockopt(listener_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  auto a = loopback(0);
  socklen_t len = sizeof a;
  if (::bind(listener_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(listener_, 64) != 0 ||
      ::getsockname(listener_, reinterpret_cast<sockaddr*>(&a), &len) != 0)
    throw std::runtime_error("proxy: cannot listen");
  port_ = ntohs(a.sin_port);
  thread_ = std::thread([this] { run(); });
}

TcpProxy::~TcpProxy() {
  stopping_ = true;
  thread_.join();
  for (auto [a, b] : links_) ::close(a), ::close(b);
  ::close(listener_);
}

void TcpProxy::run() {
  char buf[65536];
  while (!stopping_) {
    std::vector<pollfd> fds{{listener_, POLLIN, 0}};
    bool stalled = stalled_;
    if (!stalled)
      for (auto [a, b] : links_) fds.push_back({a, POLLIN, 0}), fds.push_back({b, POLLIN, 0});
    if (::poll(fds.data(), fds.size(), 50) <= 0) continue;
    if (fds[0].revents & POLLIN) {
      int client = ::accept(listener_, nullptr, nullptr);
      int server = ::socket(AF_INET, SOCK_STREAM, 0);
      auto a = loopback(target_);
      if (client >= 0 && ::connect(server, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0)
        links_.emplace_back(client, server);
      else
        ::close(client), ::close(server);
    }
    if (stalled) continue;
    std::vector<std::pair<int, int>> open;
    for (std::size_t i = 0; i < links_.size(); ++i) {
      auto [a, b] = links_[i];
      bool alive = true;
      for (auto [from, to, at] : {std::tuple{a, b, 1 + 2 * i}, std::tuple{b, a, 2 + 2 * i}}) {
        if (!alive || at >= fds.size() || !(fds[at].revents & (POLLIN | POLLHUP | POLLERR))) continue;
        auto n = ::recv(from, buf, sizeof buf, 0);
        alive = n > 0 && send_all(to, buf, n);
      }
      if (alive) open.emplace_back(a, b);
      else ::close(a), ::close(b);
    }
    links_ = std::move(open);
  }
}

}  // namespace testing_support
