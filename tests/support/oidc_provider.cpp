#include "oidc_provider.hpp"

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <regex>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

namespace testing_support {

namespace {

namespace fs = std::filesystem;

// Node from PATH (the Makefile puts a new enough one first).
std::string node_binary() {
  std::string path = std::getenv("PATH") ? std::getenv("PATH") : "";
  for (std::size_t start = 0; start <= path.size();) {
    auto end = path.find(':', start);
    if (end == std::string::npos) end = path.size();
    auto candidate = path.substr(start, end - start) + "/node";
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    start = end + 1;
  }
  throw std::runtime_error("node is not on PATH");
}

// tests/oidc's packages, from its lockfile, once per checkout.
void install_provider_packages() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (fs::exists(std::string(OIDC_PROVIDER_DIR) + "/node_modules/oidc-provider/package.json")) return;
    // Under a lock: the suite and its year-on twin may start together (ctest -j).
    auto rc = run("cd " + quote(OIDC_PROVIDER_DIR) + " && flock .install.lock sh -c "
                  "'test -f node_modules/oidc-provider/package.json || npm ci --no-audit --no-fund --loglevel=error' >&2");
    if (rc != 0) throw std::runtime_error("npm ci in tests/oidc failed");
  });
}

// Signing keys are made once per test process (RSA key generation is the slow part).
const std::string& keys_dir() {
  static const std::string dir = make_temp_dir("oidc-keys");
  return dir;
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::trunc);
  out << text;
}

struct Target {
  int port = 0;
  std::string path;
};

// "http://127.0.0.1:PORT/path" → {PORT, "/path"}.
Target split_url(const std::string& url) {
  static const std::regex re(R"(^http://127\.0\.0\.1:(\d+)(/.*)?$)");
  std::smatch m;
  if (!std::regex_match(url, m, re)) throw std::runtime_error("not a URL of this machine: " + url);
  return {std::stoi(m[1]), m[2].matched ? std::string(m[2]) : "/"};
}

std::string form_encode(const std::string& v) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : v) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') out += static_cast<char>(c);
    else out += '%', out += hex[c >> 4], out += hex[c & 15];
  }
  return out;
}

}  // namespace

OidcProvider::OidcProvider(std::string redirect_uri, Options options)
    : dir_(make_temp_dir("oidc-provider")), options_(std::move(options)) {
  install_provider_packages();
  secret_file_ = dir_ + "/client-secret";
  const std::string secret = "client-secret-" + std::to_string(::getpid());
  write_file(secret_file_, secret + "\n");
  write_file(dir_ + "/client.json",
             boost::json::serialize(boost::json::object{{"client_id", client_id()},
                                                        {"client_secret", secret},
                                                        {"redirect_uris", boost::json::array{boost::json::string(redirect_uri)}}}));
  write_file(dir_ + "/users.json", "{}");
  start();
}

OidcProvider::~OidcProvider() {
  stop();
  run("rm -rf " + quote(dir_));
}

void OidcProvider::start() {
  std::string port_file = dir_ + "/port";
  fs::remove(port_file);
  std::vector<std::string> args = {node_binary(), std::string(OIDC_PROVIDER_DIR) + "/provider.mjs", "--dir", dir_,
                                   "--port-file", port_file, "--port", std::to_string(port_), "--kid", options_.kid,
                                   "--alg", options_.alg, "--keys", keys_dir()};
  if (options_.tls) {
    if (!fs::exists(dir_ + "/tls.pem") &&
        run("cd " + quote(dir_) + " && openssl req -x509 -newkey rsa:2048 -nodes -keyout tls.key -out tls.pem -days 3650 "
            "-subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 > openssl.log 2>&1") != 0)
      throw std::runtime_error("openssl could not make the provider's certificate");
    args.insert(args.end(), {"--tls-cert", dir_ + "/tls.pem", "--tls-key", dir_ + "/tls.key"});
  }
  auto started = start_with_port_file(std::move(args), dir_ + "/stderr", port_file, "the OpenID provider");
  pid_ = started.pid, port_ = started.port;
}

void OidcProvider::stop() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
}

void OidcProvider::restart(Options options) {
  stop();
  options_ = std::move(options);
  start();
}

void OidcProvider::set_user(const std::string& login, const std::vector<std::string>& groups) {
  boost::json::array g;
  for (const auto& s : groups) g.emplace_back(s);
  users_[login] = boost::json::object{{"email", login + "@uni.example"}, {"groups", g}};
  write_file(dir_ + "/users.json", boost::json::serialize(users_));
}

void OidcProvider::spoil(const std::string& mode) {
  auto r = http(port_, "POST", "/control?mode=" + mode, "", {});
  if (r.status != 200) throw std::runtime_error("the provider did not take mode " + mode);
}

std::string OidcProvider::log() const {
  std::ifstream in(dir_ + "/stderr");
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string authorize(int server_port, const std::string& public_url, const OidcProvider& provider,
                      const std::string& next, const std::string& login, HttpResult* refusal, bool decline) {
  auto start = http(server_port, "GET", "/api/auth/oidc/login?next=" + form_encode(next));
  if (start.status != 302) {
    if (refusal) *refusal = start;
    return "";
  }
  std::map<std::string, std::string> jar;  // the provider's cookies (names differ by path, so one jar does)
  auto cookie_header = [&] {
    std::string h;
    for (const auto& [k, v] : jar) h += (h.empty() ? "" : "; ") + k + "=" + v;
    return h;
  };
  auto keep_cookies = [&](const HttpResult& r) {
    for (const auto& c : r.set_cookies) {
      auto eq = c.find('='), semi = c.find(';');
      if (eq != std::string::npos) jar[c.substr(0, eq)] = c.substr(eq + 1, semi == std::string::npos ? semi : semi - eq - 1);
    }
  };
  std::string location = start.headers.at("location");
  for (int hop = 0; hop < 20; ++hop) {
    if (location.rfind(public_url, 0) == 0) return location.substr(public_url.size());
    auto target = location.front() == '/' ? Target{provider.port(), location} : split_url(location);
    if (target.port != provider.port()) throw std::runtime_error("the flow went astray: " + location);
    // The provider builds its absolute URLs from the Host header, as behind a browser.
    const std::string host = "127.0.0.1:" + std::to_string(provider.port());
    auto r = http(target.port, "GET", target.path, "", {{"Host", host}, {"Cookie", cookie_header()}});
    keep_cookies(r);
    if (r.status == 200) {  // a form of the provider's: the login, then the consent
      static const std::regex action(R"re(action="([^"]+)")re");
      std::smatch m;
      if (!std::regex_search(r.body, m, action)) throw std::runtime_error("no form at " + location + ": " + r.body);
      bool login_form = r.body.find("name=\"login\"") != std::string::npos;
      if (!login_form && decline) {  // the consent page's "Cancel"
        r = http(provider.port(), "GET", std::string(m[1]) + "/abort", "", {{"Host", host}, {"Cookie", cookie_header()}});
      } else {
        std::string form = login_form ? "prompt=login&login=" + form_encode(login) + "&password=any" : "prompt=consent";
        r = http(provider.port(), "POST", m[1], form,
                 {{"Host", host}, {"Cookie", cookie_header()}, {"Content-Type", "application/x-www-form-urlencoded"}});
      }
      keep_cookies(r);
    }
    if (r.status != 302 && r.status != 303) throw std::runtime_error("the provider answered " + std::to_string(r.status) + ": " + r.body);
    location = r.headers.at("location");
  }
  throw std::runtime_error("too many redirects");
}

}  // namespace testing_support
