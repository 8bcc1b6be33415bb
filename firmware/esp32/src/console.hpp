#pragma once
// The serial console: status, settings (validated, stored in NVS), the log, the CA
// certificate, reboot. Lines in, text out; run() is what the tests drive.
#include <Arduino.h>

#include <functional>
#include <string>

#include "config.hpp"
#include "log_ring.hpp"
#include "settings_store.hpp"

namespace shell {

class Console {
 public:
  Console(SettingsStore& store, const LogRing& log, std::function<std::string()> status);
  void poll();  // reads what Serial has and runs complete lines
  std::string run(const std::string& line);

 private:
  std::string set(const std::string& args);
  std::string cert_line(const std::string& line);

  SettingsStore& store_;
  const LogRing& log_;
  std::function<std::string()> status_;
  std::string line_;
  bool reading_cert_ = false;
  std::string pem_;
};

}  // namespace shell
