#include "http/client_address.hpp"

#include <gtest/gtest.h>

using namespace classroom;

namespace {
std::vector<Cidr> nets(std::initializer_list<const char*> list) {
  std::vector<Cidr> out;
  for (auto* n : list) out.push_back(*parse_cidr(n));
  return out;
}
}  // namespace

TEST(ClientAddress, ParsesAddressesAndNetworks) {
  EXPECT_TRUE(parse_cidr("10.0.0.0/8"));
  EXPECT_TRUE(parse_cidr("127.0.0.1"));
  EXPECT_TRUE(parse_cidr("::1"));
  EXPECT_TRUE(parse_cidr("fd00::/8"));
  for (auto bad : {"", "10.0.0.0/33", "10.0.0/8", "nonsense", "10.0.0.1/", "::1/129", "1.2.3.4/-1"})
    EXPECT_FALSE(parse_cidr(bad)) << bad;
  EXPECT_TRUE(in_any("10.1.2.3", nets({"10.0.0.0/8"})));
  EXPECT_FALSE(in_any("11.1.2.3", nets({"10.0.0.0/8"})));
  EXPECT_TRUE(in_any("192.168.7.9", nets({"192.168.4.0/22"})));
  EXPECT_FALSE(in_any("192.168.8.1", nets({"192.168.4.0/22"})));
}

TEST(ClientAddress, BelievesForwardedForOnlyFromTrustedProxies) {
  auto trusted = nets({"127.0.0.1", "10.0.0.0/8"});
  EXPECT_EQ(client_address("127.0.0.1", "203.0.113.7", trusted), "203.0.113.7");
  EXPECT_EQ(client_address("198.51.100.2", "203.0.113.7", trusted), "198.51.100.2") << "an untrusted peer";
  EXPECT_EQ(client_address("127.0.0.1", "203.0.113.7", {}), "127.0.0.1") << "no proxies configured";
  EXPECT_EQ(client_address("127.0.0.1", "", trusted), "127.0.0.1");
}

TEST(ClientAddress, TakesTheRightMostHopThatIsNotAProxy) {
  auto trusted = nets({"127.0.0.1", "10.0.0.0/8"});
  // A client can put anything on the left; only what our proxies appended counts.
  EXPECT_EQ(client_address("127.0.0.1", "1.1.1.1, 203.0.113.7, 10.0.0.5", trusted), "203.0.113.7");
  EXPECT_EQ(client_address("127.0.0.1", "10.0.0.9, 10.0.0.5", trusted), "127.0.0.1") << "all hops are proxies";
  EXPECT_EQ(client_address("127.0.0.1", "203.0.113.7, garbage", trusted), "127.0.0.1") << "a malformed hop";
  EXPECT_EQ(client_address("127.0.0.1", " 2001:db8::1 ", trusted), "2001:db8::1");
}
