#include "smtp_server.hpp"

#include "harness.hpp"

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace testing_support {

namespace fs = std::filesystem;

namespace {

std::string output_of(const std::string& command) {
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  if (!pipe) throw std::runtime_error("cannot run " + command);
  std::string out;
  char buf[4096];
  while (auto n = fread(buf, 1, sizeof buf, pipe.get())) out.append(buf, n);
  return out;
}

}  // namespace

SmtpServer::SmtpServer() : dir_(make_temp_dir("smtp-server")) {
  fs::create_directories(dir_ + "/mail");
  start();
}

SmtpServer::~SmtpServer() {
  stop();
  run("rm -rf " + quote(dir_));
}

void SmtpServer::start() {
  std::string port_file = dir_ + "/port";
  fs::remove(port_file);
  std::vector<std::string> args = {"/usr/bin/python3", SMTP_SERVER_PY, "--dir", dir_ + "/mail", "--port",
                                   std::to_string(port_), "--port-file", port_file};
  auto started = start_with_port_file(std::move(args), dir_ + "/stderr", port_file, "the SMTP server");
  pid_ = started.pid, port_ = started.port;
}

void SmtpServer::stop() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

void SmtpServer::set_mode(const std::string& mode) { std::ofstream(dir_ + "/mail/mode") << mode << "\n"; }

void SmtpServer::reject(const std::string& address) { std::ofstream(dir_ + "/mail/reject", std::ios::app) << address << "\n"; }

std::size_t SmtpServer::count() const {
  std::size_t n = 0;
  for (const auto& e : fs::directory_iterator(dir_ + "/mail"))
    if (e.path().extension() == ".eml") ++n;
  return n;
}

std::vector<boost::json::object> SmtpServer::mails() const {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir_ + "/mail"))
    if (e.path().extension() == ".eml") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  std::vector<boost::json::object> out;
  for (const auto& f : files) {
    auto fields = boost::json::parse(output_of("/usr/bin/python3 " + quote(MAIL_FIELDS_PY) + " " + quote(f.string()))).as_object();
    auto envelope = f;
    envelope.replace_extension(".json");
    std::ifstream in(envelope);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    fields["rcpt"] = boost::json::parse(text).as_object().at("to");
    out.push_back(std::move(fields));
  }
  return out;
}

bool SmtpServer::wait_for(std::size_t n, std::chrono::seconds timeout) const {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (count() >= n) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return count() >= n;
}

}  // namespace testing_support
