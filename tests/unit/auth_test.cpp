#include "auth/jwt.hpp"
#include "auth/password.hpp"
#include "auth/rate_limit.hpp"
#include "auth/secrets.hpp"
#include "domain/errors.hpp"
#include "http/server.hpp"

#include <gtest/gtest.h>

using namespace classroom;

namespace {
const std::string kSecret = "unit-test-secret-unit-test-secret-123456";
}

TEST(Jwt, IssuedTokenVerifiesWithItsClaims) {
  JwtCodec codec(kSecret, std::chrono::minutes(10));
  auto token = codec.issue(7, Role::admin, 3, 1000);
  auto claims = codec.verify(token, 1001);
  ASSERT_TRUE(claims);
  EXPECT_EQ(claims->user_id, 7);
  EXPECT_EQ(claims->role, Role::admin);
  EXPECT_EQ(claims->version, 3);
  EXPECT_EQ(claims->expires_at, 1600);
}

TEST(Jwt, ExpiredTamperedAndForeignTokensFail) {
  JwtCodec codec(kSecret, std::chrono::minutes(10));
  auto token = codec.issue(7, Role::staff, 0, 1000);
  EXPECT_FALSE(codec.verify(token, 1600)) << "exactly at exp it is expired";
  JwtCodec other("another-secret-another-secret-another-1", std::chrono::minutes(10));
  EXPECT_FALSE(other.verify(token, 1001));
  auto tampered = token;
  tampered[tampered.size() / 2] = tampered[tampered.size() / 2] == 'a' ? 'b' : 'a';
  EXPECT_FALSE(codec.verify(tampered, 1001));
  EXPECT_FALSE(codec.verify("", 1001));
  EXPECT_FALSE(codec.verify("a.b.c", 1001));
  // alg "none": header {"alg":"none","typ":"JWT"}, payload with a far exp, no signature.
  EXPECT_FALSE(codec.verify("eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiIxIiwicm9sZSI6ImFkbWluIiwidmVyIjowLCJleHAiOjQxMDI0NDQ4MDB9.", 1001));
}

TEST(Jwt, ShortSecretsAreRefused) { EXPECT_THROW(JwtCodec("short", std::chrono::minutes(1)), std::invalid_argument); }

TEST(Password, HashIsArgon2idAndVerifies) {
  auto h = hash_password("correct horse");
  EXPECT_EQ(h.rfind("$argon2id$", 0), 0u);
  EXPECT_TRUE(verify_password("correct horse", h));
  EXPECT_FALSE(verify_password("wrong horse", h));
  EXPECT_NE(hash_password("correct horse"), h) << "salted";
}

TEST(Password, PolicyAndSecrets) {
  EXPECT_FALSE(password_problem("short").empty());
  EXPECT_TRUE(password_problem("long enough").empty());
  EXPECT_FALSE(password_problem(std::string(129, 'x')).empty());
  EXPECT_GE(random_token(32).size(), 43u);
  EXPECT_NE(random_token(32), random_token(32));
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_TRUE(equal_secret("abc", "abc"));
  EXPECT_FALSE(equal_secret("abc", "abd"));
  EXPECT_FALSE(equal_secret("abc", "abcd"));
}

TEST(Password, Sha256BytesAndHexAreOneDigest) {
  auto hex = sha256_hex("abc");
  auto bytes = sha256_from_hex(hex);
  ASSERT_TRUE(bytes);
  EXPECT_EQ(*bytes, sha256("abc"));
  EXPECT_FALSE(sha256_from_hex(hex.substr(1)));              // 63 digits
  EXPECT_FALSE(sha256_from_hex("zz" + hex.substr(2)));       // not hex
  EXPECT_FALSE(sha256_from_hex(hex + "00"));                 // too long
}

TEST(RateLimiter, AllowsLimitPerWindowThenTellsWhenToRetry) {
  RateLimiter rl(3, 60);
  EXPECT_EQ(rl.hit("k", 100), 0);
  EXPECT_EQ(rl.hit("k", 101), 0);
  EXPECT_EQ(rl.hit("k", 102), 0);
  EXPECT_EQ(rl.hit("k", 110), 50);
  EXPECT_EQ(rl.hit("other", 110), 0) << "keys are independent";
  EXPECT_EQ(rl.hit("k", 160), 0) << "a new window opens";
  rl.reset("k");
  EXPECT_EQ(rl.hit("k", 161), 0);
}

TEST(RateLimiter, AProgressiveLimiterLocksOutTwiceAsLongEachTime) {
  RateLimiter rl(3, 60, 3600);
  auto fail_three = [&](std::int64_t at) {
    for (int i = 0; i < 3; ++i) EXPECT_EQ(rl.hit("k", at + i), 0) << "attempt " << i << " at " << at;
  };
  fail_three(1000);
  EXPECT_EQ(rl.wait("k", 1002), 60) << "the first lock-out is one window";
  EXPECT_EQ(rl.hit("k", 1030), 32);
  fail_three(1062);
  EXPECT_EQ(rl.wait("k", 1064), 120) << "the second twice as long";
  fail_three(1184);
  EXPECT_EQ(rl.wait("k", 1186), 240);
  for (std::int64_t at = 1426, block = 480; block <= 3600; at += block + 2, block = std::min<std::int64_t>(block * 2, 3600)) {
    fail_three(at);
    EXPECT_EQ(rl.wait("k", at + 2), std::min<std::int64_t>(block, 3600));
    if (block == 3600) break;
  }
  EXPECT_EQ(rl.hit("other", 1030), 0) << "keys are independent";
  rl.reset("k");
  EXPECT_EQ(rl.wait("k", 20000), 0);
  fail_three(20000);
  EXPECT_EQ(rl.wait("k", 20002), 60) << "a reset (a correct password) starts again from one window";
}

TEST(RateLimiter, StrikesAreForgottenAfterADayWithoutLockOuts) {
  RateLimiter rl(2, 60, 3600);
  for (std::int64_t at : {0, 1}) rl.hit("k", at);
  for (std::int64_t at : {62, 63}) rl.hit("k", at);
  EXPECT_EQ(rl.wait("k", 63), 120);
  auto later = 63 + 120 + RateLimiter::kForgetStrikesS;
  for (std::int64_t at : {later, later + 1}) rl.hit("k", at);
  EXPECT_EQ(rl.wait("k", later + 1), 60);
}

TEST(Config, ListenAddressParsing) {
  auto hp = parse_listen("127.0.0.1:8080");
  EXPECT_EQ(hp.host, "127.0.0.1");
  EXPECT_EQ(hp.port, 8080);
  EXPECT_EQ(parse_listen("[::1]:0").host, "::1");
  for (auto bad : {"8080", ":80", "host:", "host:99999", "host:8o"}) EXPECT_THROW(parse_listen(bad), std::invalid_argument) << bad;
}
