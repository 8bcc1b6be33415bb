#include "services/https_fetch.hpp"

#include <curl/curl.h>
#include <sodium.h>

#include <mutex>
#include <regex>

namespace classroom {

namespace {

constexpr std::size_t kMaxAnswer = 1 << 20;  // a discovery document, a JWKS or a token answer is a few kB

std::size_t collect(char* data, std::size_t size, std::size_t n, void* out) {
  auto* body = static_cast<std::string*>(out);
  if (body->size() + size * n > kMaxAnswer) return 0;  // aborts the transfer
  body->append(data, size * n);
  return size * n;
}

std::string standard_base64(const std::string& raw) {
  std::string out(sodium_base64_ENCODED_LEN(raw.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(raw.data()), raw.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

}  // namespace

bool acceptable_provider_url(const std::string& url) {
  // https://HOST..., or http:// to a loopback host by name or number (not "127.evil.example").
  static const std::regex https(R"(^https://[^/?#@\s]+([/?#].*)?$)");
  static const std::regex loopback(R"(^http://(localhost|\[::1\]|127(\.\d{1,3}){3})(:\d+)?([/?#].*)?$)");
  return std::regex_match(url, https) || std::regex_match(url, loopback);
}

std::string form_encode(const std::string& value) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : value) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') out += static_cast<char>(c);
    else out += '%', out += hex[c >> 4], out += hex[c & 15];
  }
  return out;
}

FetchAnswer https_fetch(const FetchRequest& r) {
  static std::once_flag init;
  std::call_once(init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  FetchAnswer a;
  if (!acceptable_provider_url(r.url)) {
    a.error = "not an https:// URL: " + r.url;
    return a;
  }
  CURL* easy = curl_easy_init();
  curl_slist* headers = curl_slist_append(nullptr, "Accept: application/json");
  if (!r.basic_user.empty()) {
    auto credentials = standard_base64(form_encode(r.basic_user) + ":" + form_encode(r.basic_password));
    headers = curl_slist_append(headers, ("Authorization: Basic " + credentials).c_str());
  }
  char error[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(easy, CURLOPT_URL, r.url.c_str());
  curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT, static_cast<long>(r.timeout_s));
  curl_easy_setopt(easy, CURLOPT_TIMEOUT, static_cast<long>(r.timeout_s));
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy, CURLOPT_USERAGENT, "classroomd-sso");
  curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, &a.body);
  curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, error);
  if (!r.form.empty()) {
    curl_easy_setopt(easy, CURLOPT_POSTFIELDS, r.form.c_str());
    curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE, static_cast<long>(r.form.size()));
  }
  CURLcode rc = curl_easy_perform(easy);
  if (rc == CURLE_OK) curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &a.status);
  else a.error = error[0] ? error : curl_easy_strerror(rc);
  a.untrusted = rc == CURLE_PEER_FAILED_VERIFICATION;
  curl_slist_free_all(headers);
  curl_easy_cleanup(easy);
  return a;
}

}  // namespace classroom
