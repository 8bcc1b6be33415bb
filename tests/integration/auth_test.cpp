#include "fixture.hpp"

#include <sodium.h>

namespace {

std::string b64url(const std::string& raw) {
  std::string out(sodium_base64_ENCODED_LEN(raw.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(raw.data()), raw.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(out.find('\0'));
  return out;
}

// A token built by hand: signed with `secret` (HS256), or unsigned when secret is empty.
std::string make_token(const std::string& alg, const json::object& claims, const std::string& secret) {
  std::string head = b64url(json::serialize(json::object{{"alg", alg}, {"typ", "JWT"}}));
  std::string body = b64url(json::serialize(claims));
  std::string signing = head + "." + body;
  if (secret.empty()) return signing + ".";
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, reinterpret_cast<const unsigned char*>(secret.data()), secret.size());
  crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(signing.data()), signing.size());
  crypto_auth_hmacsha256_final(&st, mac);
  return signing + "." + b64url(std::string(reinterpret_cast<char*>(mac), sizeof mac));
}

json::object claims_for(std::int64_t user_id, const std::string& role, std::int64_t exp) {
  return {{"sub", std::to_string(user_id)}, {"role", role}, {"ver", 0}, {"iat", 0}, {"exp", exp}};
}

}  // namespace

class AuthTest : public ApiTest {};
CLASSROOM_INSTANTIATE(AuthTest);

TEST_P(AuthTest, LoginAnswersTokenAndUserAsFirstVersionDid) {
  auto r = post("/api/auth/login", json::object{{"username", "admin"}, {"password", ts::kAdminPassword}});
  ASSERT_EQ(r.status, 200) << r.body;
  auto v = r.json().as_object();
  EXPECT_TRUE(v.contains("message"));
  EXPECT_TRUE(v.at("access_token").is_string());
  EXPECT_EQ(v.at("user").at("username").as_string(), "admin");
  EXPECT_EQ(v.at("user").at("role").as_string(), "admin");
  EXPECT_FALSE(v.at("user").as_object().contains("password_hash"));
}

TEST_P(AuthTest, LoginRejectsMissingFieldsWrongPasswordAndUnknownUser) {
  auto missing = post("/api/auth/login", json::object{{"username", "admin"}});
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(missing.json().at("field").as_string(), "password");
  EXPECT_EQ(post("/api/auth/login", json::object{{"username", "admin"}, {"password", "wrong-password"}}).status, 401);
  EXPECT_EQ(post("/api/auth/login", json::object{{"username", "ghost"}, {"password", "whatever123"}}).status, 401);
  EXPECT_EQ(post("/api/auth/login", json::object{{"username", 5}, {"password", "x"}}).status, 400);
}

TEST_P(AuthTest, MeNeedsAValidToken) {
  EXPECT_EQ(get("/api/auth/me").status, 401);
  EXPECT_EQ(get("/api/auth/me", "garbage").status, 401);
  auto me = get("/api/auth/me", staff_);
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(me.json().at("username").as_string(), "staff");
}

TEST_P(AuthTest, ForgedUnsignedAndExpiredTokensAreRefused) {
  auto far = std::int64_t{4102444800};  // 2100
  EXPECT_EQ(get("/api/auth/me", make_token("HS256", claims_for(1, "admin", far), ts::kJwtSecret)).status, 200)
      << "a correctly signed token must pass, or the negative cases prove nothing";
  EXPECT_EQ(get("/api/auth/me", make_token("HS256", claims_for(1, "admin", far), "another-secret-another-secret-xx")).status, 401);
  EXPECT_EQ(get("/api/auth/me", make_token("none", claims_for(1, "admin", far), "")).status, 401);
  EXPECT_EQ(get("/api/auth/me", make_token("HS256", claims_for(1, "admin", 1000), ts::kJwtSecret)).status, 401);
  EXPECT_EQ(get("/api/auth/me", make_token("HS512", claims_for(1, "admin", far), ts::kJwtSecret)).status, 401);
}

TEST_P(AuthTest, StaffTokenCannotUseAdminRoutes) {
  for (auto path : {"/api/admin/users", "/api/admin/devices", "/api/admin/classrooms", "/api/admin/contact-messages"}) {
    auto r = get(path, staff_);
    EXPECT_EQ(r.status, 403) << path;
    EXPECT_EQ(r.error(), "Forbidden");
    EXPECT_EQ(get(path).status, 401) << path;
  }
  EXPECT_EQ(post("/api/admin/users", json::object{{"username", "x"}}, staff_).status, 403);
}

TEST_P(AuthTest, DeactivatedOrDeletedUsersLoseTheirTokens) {
  auto created = post("/api/admin/users",
                      json::object{{"username", "temp"}, {"email", "t@campus.test"}, {"password", "temp-pass-1"}, {"role", "staff"}},
                      admin_);
  ASSERT_EQ(created.status, 201) << created.body;
  auto id = created.json().at("id").as_int64();
  auto token = ts::login(port(), "temp", "temp-pass-1");
  EXPECT_EQ(get("/api/auth/me", token).status, 200);
  EXPECT_EQ(put("/api/admin/users/" + std::to_string(id), json::object{{"is_active", false}}, admin_).status, 200);
  EXPECT_EQ(get("/api/auth/me", token).status, 401);
  EXPECT_EQ(post("/api/auth/login", json::object{{"username", "temp"}, {"password", "temp-pass-1"}}).status, 401);
  EXPECT_EQ(put("/api/admin/users/" + std::to_string(id), json::object{{"is_active", true}}, admin_).status, 200);
  token = ts::login(port(), "temp", "temp-pass-1");
  EXPECT_EQ(del("/api/admin/users/" + std::to_string(id), admin_).status, 200);
  EXPECT_EQ(get("/api/auth/me", token).status, 401);
}

TEST_P(AuthTest, ChangePasswordRevokesOldTokens) {
  auto wrong = post("/api/auth/change-password",
                    json::object{{"current_password", "nope-nope"}, {"new_password", "brand-new-pass"}}, staff_);
  EXPECT_EQ(wrong.status, 400);
  EXPECT_EQ(wrong.json().at("field").as_string(), "current_password");
  auto weak = post("/api/auth/change-password",
                   json::object{{"current_password", ts::kStaffPassword}, {"new_password", "short"}}, staff_);
  EXPECT_EQ(weak.status, 400);
  auto ok = post("/api/auth/change-password",
                 json::object{{"current_password", ts::kStaffPassword}, {"new_password", "brand-new-pass"}}, staff_);
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(get("/api/auth/me", staff_).status, 401);
  EXPECT_EQ(get("/api/auth/me", std::string(ok.json().at("access_token").as_string())).status, 200);
  EXPECT_NO_THROW(ts::login(port(), "staff", "brand-new-pass"));
}

TEST_P(AuthTest, RegisterIsOffUnlessConfigured) {
  auto r = post("/api/auth/register", json::object{{"username", "newbie"}, {"email", "n@campus.test"}, {"password", "newbie-pass"}});
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(count("/api/admin/users"), 2u);
}

class RateLimitTest : public ApiTest {
 protected:
  std::vector<std::string> server_args() override {
    return {"--login-limit", "4", "--contact-limit", "2", "--trusted-proxy", "127.0.0.1"};
  }
  // A login as it arrives from a client behind the (trusted) proxy on loopback.
  ts::HttpResult login_from(const std::string& client, const std::string& username, const std::string& password) {
    return ts::http(port(), "POST", "/api/auth/login",
                    json::serialize(json::object{{"username", username}, {"password", password}}),
                    {{"X-Forwarded-For", client}});
  }
};
CLASSROOM_INSTANTIATE(RateLimitTest);

TEST_P(RateLimitTest, FailedLoginsAreLimitedPerClientAndSuccessesDoNotCount) {
  for (int i = 0; i < 4; ++i) EXPECT_EQ(login_from("203.0.113.1", "staff", "wrong-password").status, 401) << i;
  auto limited = login_from("203.0.113.1", "nobody", "wrong-password");
  EXPECT_EQ(limited.status, 429) << limited.body;
  EXPECT_FALSE(limited.headers["retry-after"].empty());
  // Behind the proxy every client is its own: a busy morning of correct sign-ins is never limited.
  for (int i = 0; i < 8; ++i) EXPECT_EQ(login_from("203.0.113.2", "admin", ts::kAdminPassword).status, 200) << i;
}

TEST_P(RateLimitTest, NobodyCanLockAnotherPersonOut) {
  for (const auto* attacker : {"198.51.100.1", "198.51.100.2", "198.51.100.3"}) {
    for (int i = 0; i < 4; ++i) EXPECT_EQ(login_from(attacker, "staff", "wrong-password").status, 401);
    EXPECT_EQ(login_from(attacker, "staff", "wrong-password").status, 429) << attacker;
  }
  EXPECT_EQ(login_from("203.0.113.9", "staff", ts::kStaffPassword).status, 200) << "the real user still signs in";
}

TEST_P(RateLimitTest, ForwardedForFromAnUntrustedPeerIsIgnored) {
  // The proxy trusted here is 127.0.0.1; a server trusting nobody counts the socket peer.
  server_.reset();
  server_ = std::make_unique<ts::Server>(db_, std::vector<std::string>{"--login-limit", "4"});
  for (int i = 0; i < 4; ++i)
    EXPECT_EQ(login_from("203.0.113." + std::to_string(10 + i), "staff", "wrong-password").status, 401);
  EXPECT_EQ(login_from("203.0.113.99", "staff", "wrong-password").status, 429)
      << "a forged X-Forwarded-For does not buy a fresh budget";
}

TEST_P(RateLimitTest, ContactFormIsLimitedPerClient) {
  auto msg = json::object{{"name", "A"}, {"email", "a@b.org"}, {"subject", "S"}, {"message", "M"}};
  EXPECT_EQ(post("/api/contact", msg).status, 201);
  EXPECT_EQ(post("/api/contact", msg).status, 201);
  EXPECT_EQ(post("/api/contact", msg).status, 429);
  EXPECT_EQ(count("/api/admin/contact-messages"), 2u);
}

class RegisterTest : public ApiTest {
  std::vector<std::string> server_args() override { return {"--allow-register"}; }
};
CLASSROOM_INSTANTIATE(RegisterTest);

TEST_P(RegisterTest, RegisterCreatesStaffWhenEnabled) {
  auto r = post("/api/auth/register",
                json::object{{"username", "newbie"}, {"email", "n@campus.test"}, {"password", "newbie-pass"}, {"role", "admin"}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json().at("role").as_string(), "staff");
  EXPECT_EQ(post("/api/auth/register",
                 json::object{{"username", "newbie"}, {"email", "m@campus.test"}, {"password", "newbie-pass"}}).status, 409);
}
