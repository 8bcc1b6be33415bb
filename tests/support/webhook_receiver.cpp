#include "webhook_receiver.hpp"

#include "harness.hpp"

#include <csignal>
#include <fstream>
#include <stdexcept>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace testing_support {

WebhookReceiver::WebhookReceiver(std::string secret, Options options) : dir_(make_temp_dir("webhook-receiver")) {
  std::string port_file = dir_ + "/port";
  std::vector<std::string> args = {"/usr/bin/python3", WEBHOOK_RECEIVER_PY, "--port-file", port_file, "--log",
                                   dir_ + "/requests.jsonl", "--secret", secret, "--fail-first",
                                   std::to_string(options.fail_first), "--hang", std::to_string(options.hang_s), "--redirect", options.redirect_to};
  auto started = start_with_port_file(std::move(args), dir_ + "/stderr", port_file, "the webhook receiver");
  pid_ = started.pid, port_ = started.port;
}

WebhookReceiver::~WebhookReceiver() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    int status = 0;
    waitpid(pid_, &status, 0);
  }
  run("rm -rf " + quote(dir_));
}

std::vector<Received> WebhookReceiver::requests() const {
  std::vector<Received> out;
  std::ifstream in(dir_ + "/requests.jsonl");
  for (std::string line; std::getline(in, line);) {
    boost::system::error_code ec;
    auto v = boost::json::parse(line, ec);
    if (ec || !v.is_object()) continue;  // a line being written
    const auto& o = v.as_object();
    out.push_back({std::string(o.at("event").as_string()), std::string(o.at("delivery").as_string()),
                   o.at("signature_ok").as_bool(), std::string(o.at("content_type").as_string()),
                   static_cast<int>(o.at("attempt").as_int64()), static_cast<int>(o.at("status").as_int64()),
                   o.at("body")});
  }
  return out;
}

std::vector<Received> WebhookReceiver::accepted() const {
  std::vector<Received> out;
  for (auto& r : requests())
    if (r.status == 200) out.push_back(std::move(r));
  return out;
}

bool WebhookReceiver::wait_until(const std::function<bool(const std::vector<Received>&)>& done,
                                 std::chrono::seconds timeout) const {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done(accepted())) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return done(accepted());
}

}  // namespace testing_support
