#include "services/webhooks.hpp"

#include "domain/errors.hpp"
#include "domain/webhook_rules.hpp"

#include <boost/url/parse.hpp>
#include <spdlog/spdlog.h>

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netdb.h>
#include <netinet/in.h>

#include <algorithm>
#include <cctype>
#include <set>

namespace classroom {

namespace {

std::string numeric(const sockaddr* a) {
  char text[INET6_ADDRSTRLEN] = {};
  if (a->sa_family == AF_INET)
    ::inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(a)->sin_addr, text, sizeof text);
  else if (a->sa_family == AF_INET6)
    ::inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(a)->sin6_addr, text, sizeof text);
  return text;
}

std::set<std::string> own_addresses() {
  std::set<std::string> out;
  ifaddrs* list = nullptr;
  if (::getifaddrs(&list) != 0) return out;
  for (auto* i = list; i; i = i->ifa_next)
    if (i->ifa_addr && (i->ifa_addr->sa_family == AF_INET || i->ifa_addr->sa_family == AF_INET6))
      out.insert(numeric(i->ifa_addr));
  ::freeifaddrs(list);
  return out;
}

}  // namespace

WebhookTarget parse_webhook_url(const std::string& url) {
  auto u = boost::urls::parse_absolute_uri(url);
  if (!u) throw BadRequest("url", "url must be an absolute http:// or https:// URL");
  WebhookTarget t;
  t.scheme = u->scheme();
  std::transform(t.scheme.begin(), t.scheme.end(), t.scheme.begin(), [](unsigned char c) { return std::tolower(c); });
  if (t.scheme != "http" && t.scheme != "https") throw BadRequest("url", "url must start with http:// or https://");
  if (!u->has_authority() || u->host().empty()) throw BadRequest("url", "url must name a host");
  if (u->has_userinfo()) throw BadRequest("url", "url must not carry a user name or password");
  t.host = u->host_type() == boost::urls::host_type::ipv6 ? std::string(u->encoded_host_address()) : std::string(u->host());
  if (u->has_port()) {
    if (u->port_number() == 0) throw BadRequest("url", "url has no valid port");
    t.port = u->port_number();
  } else {
    t.port = t.scheme == "https" ? 443 : 80;
  }
  return t;
}

ResolvedHost resolve_host(const std::string& host) {
  ResolvedHost out;
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* res = nullptr;
  if (int rc = ::getaddrinfo(host.c_str(), nullptr, &hints, &res); rc != 0) {
    out.error = std::string("cannot resolve ") + host + ": " + ::gai_strerror(rc);
    return out;
  }
  std::set<std::string> seen;
  for (auto* a = res; a; a = a->ai_next)
    if (auto text = numeric(a->ai_addr); !text.empty() && seen.insert(text).second) out.addresses.push_back(text);
  ::freeaddrinfo(res);
  if (out.addresses.empty()) out.error = "no address for " + host;
  return out;
}

std::optional<std::string> refused_addresses(const std::vector<std::string>& addresses) {
  auto own = own_addresses();
  for (const auto& a : addresses) {
    if (auto why = blocked_address(a)) return a + " is " + (*why == "metadata" ? "the metadata address" : "a " + *why + " address");
    if (own.count(a)) return a + " is this server";
  }
  return std::nullopt;
}

WebhookService::WebhookService(WebhookStore& store, OutboxStore& outbox, const Clock& clock, WebhookSettings settings)
    : store_(store), outbox_(outbox), clock_(clock), settings_(settings) {}

Webhook WebhookService::create(const std::string& url, const std::vector<std::string>& events, const std::string& secret) {
  auto target = parse_webhook_url(url);
  if (events.empty()) throw BadRequest("events", "events must name at least one event");
  for (const auto& e : events)
    if (!is_webhook_event(e)) throw BadRequest("events", "unknown event '" + e + "'");
  if (secret.size() < 16) throw BadRequest("secret", "secret must be at least 16 characters");
  if (!settings_.allow_private) {
    auto resolved = resolve_host(target.host);
    if (!resolved.error.empty()) throw BadRequest("url", resolved.error);
    if (auto why = refused_addresses(resolved.addresses))
      throw BadRequest("url", "url points at " + *why + "; only public addresses may receive webhooks "
                              "(the server runs without --webhook-allow-private)");
  }
  Webhook w;
  w.url = url;
  for (const auto& e : events)
    if (std::find(w.events.begin(), w.events.end(), e) == w.events.end()) w.events.push_back(e);
  w.secret = secret;
  auto created = store_.create(w, clock_.now());
  spdlog::info("event=webhook_created webhook_id={} host={} events={}", created.id, target.host, created.events.size());
  return created;
}

std::vector<Delivery> WebhookService::deliveries(std::int64_t id) {
  if (!store_.find(id)) throw NotFound("No webhook with id " + std::to_string(id));
  return store_.deliveries(id, 200);
}

void WebhookService::test(std::int64_t id) {
  auto now = clock_.now();
  store_.queue_ping(id, event_payload("ping", now, {{"webhook_id", id}}), now);
}

}  // namespace classroom
