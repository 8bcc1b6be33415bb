#pragma once
// Webhook subscriptions for other campus systems: checked (an http(s) URL whose every
// address is public, known event names, a secret) before they are stored, and the
// delivery log and queue for the admins. The sender (services/webhook_sender) sends.
#include "storage/outbox.hpp"
#include "util/clock.hpp"

#include <optional>
#include <string>
#include <vector>

namespace classroom {

struct WebhookSettings {
  bool allow_private = false;  // --webhook-allow-private
  std::int64_t retry_min_s = 10;
  std::int64_t retry_max_s = 3600;
};

// Where a webhook URL points, as read from it.
struct WebhookTarget {
  std::string scheme, host;
  int port = 0;
};
// The URL's scheme (http or https), host and port; BadRequest naming `url` otherwise.
WebhookTarget parse_webhook_url(const std::string& url);

// The numeric addresses `host` resolves to (a numeric host is its own), or why not.
struct ResolvedHost {
  std::vector<std::string> addresses;
  std::string error;
};
ResolvedHost resolve_host(const std::string& host);

// Why a delivery may not go to these addresses (the first one refused names the
// reason), or nullopt. Addresses of this machine's own interfaces are "this server".
std::optional<std::string> refused_addresses(const std::vector<std::string>& addresses);

class WebhookService {
 public:
  WebhookService(WebhookStore& store, OutboxStore& outbox, const Clock& clock, WebhookSettings settings);

  Webhook create(const std::string& url, const std::vector<std::string>& events, const std::string& secret);
  std::vector<Webhook> list() { return store_.list(); }
  void remove(std::int64_t id) { store_.remove(id); }
  std::vector<Delivery> deliveries(std::int64_t id);
  void test(std::int64_t id);
  OutboxStats stats() { return outbox_.stats(); }
  std::int64_t now() const { return clock_.now(); }

 private:
  WebhookStore& store_;
  OutboxStore& outbox_;
  const Clock& clock_;
  WebhookSettings settings_;
};

}  // namespace classroom
