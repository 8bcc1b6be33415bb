#include "auth/webhook_signature.hpp"
#include "domain/webhook_rules.hpp"

#include <gtest/gtest.h>

using namespace classroom;

TEST(WebhookSignature, IsTheHexHmacSha256OfTheBodyKeyedByTheSecret) {
  // RFC 4231, test case 2; and the classic fox.
  EXPECT_EQ(webhook_signature("Jefe", "what do ya want for nothing?"),
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_EQ(webhook_signature("key", "The quick brown fox jumps over the lazy dog"),
            "sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
  // A key longer than the hash's block is hashed first, as HMAC says (RFC 4231, case 6).
  EXPECT_EQ(webhook_signature(std::string(131, '\xaa'), "Test Using Larger Than Block-Size Key - Hash Key First"),
            "sha256=60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
  EXPECT_NE(webhook_signature("secret-a", "{}"), webhook_signature("secret-b", "{}"));
}

TEST(WebhookAddresses, RefusesEveryLoopbackLinkLocalPrivateAndMetadataRange) {
  struct Case {
    const char* ip;
    const char* why;
  } cases[] = {
      {"127.0.0.1", "loopback"},     {"127.255.255.254", "loopback"}, {"::1", "loopback"},
      {"10.0.0.1", "private"},       {"10.255.255.255", "private"},   {"172.16.0.1", "private"},
      {"172.31.255.255", "private"}, {"192.168.1.20", "private"},     {"100.64.0.1", "private"},
      {"169.254.1.1", "link-local"}, {"169.254.169.254", "metadata"}, {"fe80::1", "link-local"},
      {"febf::1", "link-local"},     {"fc00::1", "private"},          {"fd12:3456::1", "private"},
      {"fd00:ec2::254", "metadata"}, {"0.0.0.0", "unspecified"},      {"::", "unspecified"},
      {"::ffff:127.0.0.1", "loopback"}, {"::ffff:10.1.2.3", "private"}, {"::ffff:169.254.169.254", "metadata"},
      {"224.0.0.1", "multicast"},    {"255.255.255.255", "multicast"}, {"ff02::1", "multicast"},
      {"example.org", "not an address"},
  };
  for (const auto& c : cases) {
    auto why = blocked_address(c.ip);
    ASSERT_TRUE(why.has_value()) << c.ip;
    EXPECT_EQ(*why, c.why) << c.ip;
  }
}

TEST(WebhookAddresses, AllowsPublicAddressesNextToTheBlockedRanges) {
  for (const char* ip : {"8.8.8.8", "1.1.1.1", "93.184.216.34", "172.15.255.255", "172.32.0.1", "192.167.1.1",
                         "192.169.0.1", "169.253.1.1", "100.63.255.255", "100.128.0.1", "11.0.0.1", "126.255.255.255",
                         "2001:db8::1", "2606:4700:4700::1111", "fec0::1", "fe7f::1", "::ffff:8.8.8.8"})
    EXPECT_EQ(blocked_address(ip), std::nullopt) << ip;
}

TEST(WebhookBackoff, DoublesFromTheMinimumUpToTheCap) {
  EXPECT_EQ(retry_delay_s(1, 10, 3600, 0.0), 10);
  EXPECT_EQ(retry_delay_s(2, 10, 3600, 0.0), 20);
  EXPECT_EQ(retry_delay_s(3, 10, 3600, 0.0), 40);
  EXPECT_EQ(retry_delay_s(9, 10, 3600, 0.0), 2560);
  EXPECT_EQ(retry_delay_s(10, 10, 3600, 0.0), 3600);
  EXPECT_EQ(retry_delay_s(1000, 10, 3600, 0.0), 3600) << "no overflow after many failures";
}

TEST(WebhookBackoff, JitterTakesAtMostAFifthOffAndNeverGoesBelowTheMinimum) {
  EXPECT_EQ(retry_delay_s(3, 10, 3600, 0.99), 33);   // 40 less 7.92, whole seconds
  EXPECT_EQ(retry_delay_s(20, 10, 3600, 0.5), 3240);  // the cap less a tenth
  EXPECT_EQ(retry_delay_s(1, 10, 3600, 0.99), 10);
  for (double j : {0.0, 0.25, 0.5, 0.75, 0.999}) {
    auto d = retry_delay_s(5, 10, 3600, j);
    EXPECT_GE(d, 128);
    EXPECT_LE(d, 160);
  }
}

TEST(WebhookTransitions, OnlyChangesOfStateAreEvents) {
  Report r;
  r.is_occupied = true;
  EXPECT_EQ(room_transitions(std::nullopt, r), std::vector<std::string>{"room.occupied"});
  Observation occupied{true, false, 0, 0, true};
  EXPECT_TRUE(room_transitions(occupied, r).empty()) << "the same state again is no event";
  r.is_occupied = false;
  EXPECT_EQ(room_transitions(occupied, r), std::vector<std::string>{"room.vacant"});
  r.is_power_on = true;
  r.sensor_ok = false;
  EXPECT_EQ(room_transitions(occupied, r), (std::vector<std::string>{"room.vacant", "room.power", "sensor.fault"}));
  Observation faulted{false, true, 0, 0, false};
  EXPECT_TRUE(room_transitions(faulted, r).empty()) << "a fault that goes on is one event";
}

TEST(WebhookEvents, KnowsTheTenEventTypes) {
  EXPECT_EQ(webhook_event_names().size(), 10u);
  EXPECT_TRUE(is_webhook_event("booking.released"));
  EXPECT_FALSE(is_webhook_event("booking.deleted"));
  EXPECT_FALSE(is_webhook_event("ping")) << "a subscription cannot ask for pings; every one gets its tests";
}
