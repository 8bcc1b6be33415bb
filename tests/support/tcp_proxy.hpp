#pragma once
// A TCP proxy in front of a server, for partitions: stall() stops it forwarding in both
// directions without closing anything (the kernel keeps acknowledging what arrives, as
// on a network that swallows packets past a middlebox), resume() lets it all through.
#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

namespace testing_support {

class TcpProxy {
 public:
  explicit TcpProxy(int target_port);
  ~TcpProxy();
  TcpProxy(const TcpProxy&) = delete;
  int port() const { return port_; }
  void stall() { stalled_ = true; }
  void resume() { stalled_ = false; }

 private:
  void run();
  int listener_ = -1, port_ = 0, target_ = 0;
  std::atomic<bool> stalled_{false}, stopping_{false};
  std::vector<std::pair<int, int>> links_;  // client side, server side
  std::thread thread_;
};

}  // namespace testing_support
