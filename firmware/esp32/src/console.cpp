#include "console.hpp"

namespace shell {
namespace {

constexpr const char* kHelp =
    "commands:\n"
    "  status              occupancy, power, server, buffer\n"
    "  config              all settings (secrets masked)\n"
    "  set NAME VALUE      change a setting (checked, saved; applies after reboot)\n"
    "  log                 the last log lines\n"
    "  cert                paste a CA certificate (PEM) for https; 'cert clear' removes it\n"
    "  reboot              restart the node\n";

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

}  // namespace

Console::Console(SettingsStore& store, const LogRing& log, std::function<std::string()> status)
    : store_(store), log_(log), status_(std::move(status)) {}

void Console::poll() {
  while (Serial.available() > 0) {
    const int c = Serial.read();
    if (c < 0) break;
    if (c == '\n') {
      const std::string out = run(line_);
      line_.clear();
      if (!out.empty()) Serial.print(out.c_str());
    } else if (c != '\r' && line_.size() < 600) {
      line_ += static_cast<char>(c);
    }
  }
}

std::string Console::run(const std::string& raw) {
  if (reading_cert_) return cert_line(raw);
  const std::string line = trim(raw);
  const auto space = line.find(' ');
  const std::string cmd = line.substr(0, space);
  const std::string args = space == std::string::npos ? std::string() : trim(line.substr(space + 1));
  if (cmd.empty()) return {};
  if (cmd == "help" || cmd == "?") return kHelp;
  if (cmd == "status") return status_() + "\n";
  if (cmd == "config") {
    std::vector<std::string> problems;
    std::string out;
    for (const auto& l : fw::describe(store_.load(problems))) out += l + "\n";
    for (const auto& p : problems) out += "stored value refused: " + p + "\n";
    return out;
  }
  if (cmd == "set") return set(args);
  if (cmd == "log") {
    std::string out;
    log_.for_each([&](const std::string& l) { out += l + "\n"; });
    return out.empty() ? "log is empty\n" : out;
  }
  if (cmd == "cert") {
    if (args == "clear") return store_.save_ca_pem(String()) ? "CA certificate removed; reboot to apply\n" : "cannot write NVS\n";
    reading_cert_ = true;
    pem_.clear();
    return "paste the PEM; it ends at the -----END CERTIFICATE----- line\n";
  }
  if (cmd == "reboot") {
    Serial.println("rebooting");
    ESP.restart();
  }
  return "unknown command '" + cmd + "'; try help\n";
}

std::string Console::set(const std::string& args) {
  const auto space = args.find(' ');
  if (args.empty() || space == std::string::npos) return "usage: set NAME VALUE\n";
  const std::string name = args.substr(0, space), value = trim(args.substr(space + 1));
  std::vector<std::string> problems;
  fw::Config config = store_.load(problems);
  if (auto err = fw::set_setting(config, name, value)) return "refused: " + *err + "\n";
  if (!store_.save(config)) return "cannot write NVS\n";
  return name + " saved; reboot to apply\n";
}

std::string Console::cert_line(const std::string& raw) {
  const std::string line = trim(raw);
  pem_ += line + "\n";
  if (line.find("-----END CERTIFICATE-----") == std::string::npos) {
    if (pem_.size() > 4096) {
      reading_cert_ = false;
      return "certificate too long; refused\n";
    }
    return {};
  }
  reading_cert_ = false;
  if (pem_.find("-----BEGIN CERTIFICATE-----") == std::string::npos) return "not a PEM certificate; refused\n";
  return store_.save_ca_pem(String(pem_.c_str())) ? "CA certificate saved; reboot to apply\n" : "cannot write NVS\n";
}

}  // namespace shell
