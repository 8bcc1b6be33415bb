#pragma once
// One request to an identity provider (libcurl): HTTPS with the system's CA store and
// host-name verification, no redirects, a deadline and a bounded answer. Plain http is
// accepted only for a loopback address (a provider on the same machine, or the tests).
#include <string>
#include <vector>

namespace classroom {

struct FetchAnswer {
  long status = 0;     // 0 when nothing was answered
  std::string body;
  std::string error;   // why the transfer failed ("" when an HTTP answer came)
  bool untrusted = false;  // the server's certificate did not verify
};

struct FetchRequest {
  std::string url;
  std::string form;                  // POSTed as application/x-www-form-urlencoded when set
  std::string basic_user, basic_password;  // HTTP Basic authentication when set (RFC 6749 2.3.1)
  int timeout_s = 10;
};

FetchAnswer https_fetch(const FetchRequest& r);
// True for https://, and for http:// to 127.0.0.0/8, [::1] or localhost.
bool acceptable_provider_url(const std::string& url);
// application/x-www-form-urlencoded value.
std::string form_encode(const std::string& value);

}  // namespace classroom
