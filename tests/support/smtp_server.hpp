#pragma once
// A real SMTP server for the tests (tests/support/smtp_server.py, aiosmtpd on
// 127.0.0.1) that keeps every message it accepts, and can be told to answer 451, to
// drop the connection, to refuse recipients with 550, or to be down altogether.
// Received mails are read with tests/support/mail_fields.py (python3-icalendar).
#include <boost/json.hpp>

#include <chrono>
#include <string>
#include <vector>

namespace testing_support {

class SmtpServer {
 public:
  SmtpServer();
  ~SmtpServer();
  SmtpServer(const SmtpServer&) = delete;
  int port() const { return port_; }
  std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }
  void set_mode(const std::string& mode);  // "ok", "451", "drop"
  void reject(const std::string& address);  // 550 at RCPT TO
  void stop();   // down: nothing listens on the port
  void start();  // up again on the same port
  // Each accepted message as mail_fields.py prints it, plus "rcpt" (the envelope's
  // recipients), in the order they arrived.
  std::vector<boost::json::object> mails() const;
  std::size_t count() const;
  bool wait_for(std::size_t n, std::chrono::seconds timeout) const;

 private:
  std::string dir_;
  int pid_ = -1;
  int port_ = 0;
};

}  // namespace testing_support
