#pragma once
// The signature a webhook delivery carries: X-Classroom-Signature: sha256=<hex>, the
// HMAC-SHA256 of the raw body keyed by the subscription's secret (libsodium).
#include <string>
#include <string_view>

namespace classroom {

std::string webhook_signature(std::string_view secret, std::string_view body);

}  // namespace classroom
