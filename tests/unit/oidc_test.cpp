// OpenID Connect's pure parts: base64url, PKCE, JWKS parsing, RS256/ES256 signatures
// (keys and tokens made once with the `jose` library, so that another implementation
// vouches for ours), the ID token's claim checks and the return page.
#include "auth/id_token.hpp"
#include "domain/oidc_claims.hpp"
#include "services/https_fetch.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <functional>

using namespace classroom;
namespace json = boost::json;

namespace {

const std::string kRsaJwks = R"({"keys": [{"kty": "RSA", "n": "wzHqlrvk6T9raG9Meq4zVaHSRVM02rR07xvmhHHC9Yx0aM5OcSJ_4PEqZw1vo7wYEtBFIOGRA4dxN7uVeWwPV2cvtyGnS4x6jrrcna45bzZ_kKz63IpIW0PjmWw9iSlGVehlMhHddQyP5pCmmQHIjpc6Qr6yUGZ9fxvGHsw88eFltsLe2LIm4Oekt3_3raIS_UIoFzeFvKIUcFPxsMg9k2yAf04aTTPNIsCLEB1rQNVR-Y0wtZa4xGg6w414p5MBSeAmczL4OVqKgIGTHpVNlNDkomykaFTjUkF1bY5eZp-XIpCI7Oecu0fPMVlT6KK0i6x9v1St4-VpT9Dg0A6vhw", "e": "AQAB", "kid": "k-RS256", "alg": "RS256", "use": "sig"}]})";
const std::string kRsaToken = "eyJhbGciOiJSUzI1NiIsImtpZCI6ImstUlMyNTYifQ.eyJzdWIiOiJqZG9lIiwiZ3JvdXBzIjpbIml0LWFkbWlucyJdfQ.o6vo5s3krDAwA8td0eWZYlbRknrdleaKva0J13tGlbTBW9B6_ys7v4iwcjHt7kOHcSCJ8e1FL6YX0m3jGyfdLQn5rQvwbCnNmxnoRLYPyhYQkNvwifhJP83P2PggkfsY27aZzLBBKOIPfArHjniHdy0acVvHbkrPvk_z8fxBV2LyvtCa1gzywioT-ZwKnE5LnHNBzzc7CXPWPPblP_44J83s9P-Ou0811h7myGFu_Lb1Xi1KaRBEXMTjg9VnOpbIkLbRRrZBZmn4JBG3GZHiBX-6kCGKaW1I3YD1g5t2MOeTxj6lzRO_4_n-_uRZEnO7lhk58hnIPHNyBGEHwNz3hw";
const std::string kEcJwks = R"({"keys": [{"kty": "EC", "x": "qWgMOpY36hA7bUo3BKKWyZi3JSQooaqWKeAV6ZWZRQE", "y": "Z0zqUPMEg8eIMD4Lh2HwaLlzyjOYgHk-u3XXFcVt7z8", "crv": "P-256", "kid": "k-ES256", "alg": "ES256", "use": "sig"}]})";
const std::string kEcToken = "eyJhbGciOiJFUzI1NiIsImtpZCI6ImstRVMyNTYifQ.eyJzdWIiOiJqZG9lIiwiZ3JvdXBzIjpbIml0LWFkbWlucyJdfQ.12UfNozG1H87E1JNz4vplzNDT9KV265-OR2KTJtSPVmYVgnQrP9OkBnORkYGqiQtQV5m3XJchE2ofJGCwgAJSw";

JwkSet jwks(const std::string& text) {
  std::string error;
  auto set = parse_jwks(text, error);
  EXPECT_TRUE(set) << error;
  return set ? *set : JwkSet{};
}

Jws jws(const std::string& token) {
  std::string error;
  auto j = parse_jws(token, error);
  EXPECT_TRUE(j) << error;
  return j ? *j : Jws{};
}

std::string flip_last(std::string s, std::size_t from_end = 2) {
  auto& c = s[s.size() - from_end];
  c = c == 'A' ? 'B' : 'A';
  return s;
}

}  // namespace

TEST(Base64Url, RoundTripsAndRefusesWhatIsNotUnpaddedBase64Url) {
  for (const std::string& s : std::vector<std::string>{"", "f", "fo", "foo", "foob", "fooba", "foobar", std::string("\xff\xfe\x00\x01", 4)})
    EXPECT_EQ(base64url_decode(base64url_encode(s)), s);
  EXPECT_EQ(base64url_encode("\xfb\xff"), "-_8");
  EXPECT_FALSE(base64url_decode("Zm9v="));
  EXPECT_FALSE(base64url_decode("Zm+v"));
  EXPECT_FALSE(base64url_decode("Z"));
  EXPECT_FALSE(base64url_decode("Zh")) << "stray bits";
}

TEST(Pkce, S256ChallengeIsTheRfc7636Example) {
  EXPECT_EQ(pkce_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
}

TEST(Jws, ParsesTheThreePartsAndRefusesOthers) {
  auto j = jws(kRsaToken);
  EXPECT_EQ(j.alg, "RS256");
  EXPECT_EQ(j.kid, "k-RS256");
  EXPECT_NE(j.payload_json.find("it-admins"), std::string::npos);
  std::string error;
  EXPECT_FALSE(parse_jws("a.b", error));
  EXPECT_FALSE(parse_jws("a.b.c.d", error));
  EXPECT_FALSE(parse_jws("!!.e30.", error));
  EXPECT_TRUE(parse_jws("e30.e30.", error)) << "an empty signature parses (and then fails to verify)";
}

TEST(Jwks, KeepsSigningKeysAndSaysWhyOthersWereSkipped) {
  auto set = jwks(R"({"keys": [{"kty": "oct", "k": "c2VjcmV0", "kid": "hmac"},
                                {"kty": "RSA", "use": "enc", "kid": "enc", "n": "AQAB", "e": "AQAB"},
                                {"kty": "RSA", "kid": "short", "n": "AQAB", "e": "AQAB"},
                                {"kty": "EC", "crv": "P-384", "kid": "p384", "x": "AA", "y": "AA"},
                                {"kty": "EC", "crv": "P-256", "kid": "off-curve",
                                 "x": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "y": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAE"}]})");
  EXPECT_TRUE(set.keys.empty());
  ASSERT_EQ(set.skipped.size(), 5u);
  EXPECT_NE(set.skipped[0].find("oct"), std::string::npos);
  EXPECT_NE(set.skipped[1].find("enc"), std::string::npos);
  EXPECT_NE(set.skipped[2].find("2048"), std::string::npos);
  EXPECT_NE(set.skipped[3].find("P-256"), std::string::npos);
  EXPECT_NE(set.skipped[4].find("curve"), std::string::npos);
  std::string error;
  EXPECT_FALSE(parse_jwks("[]", error));
  EXPECT_FALSE(parse_jwks("not json", error));
}

TEST(Jwks, FindsAKeyByKidOrTheOnlyOneForTheAlgorithm) {
  auto set = jwks(kRsaJwks);
  ASSERT_EQ(set.keys.size(), 1u);
  EXPECT_NE(set.find("k-RS256", "RS256"), nullptr);
  EXPECT_NE(set.find("", "RS256"), nullptr) << "a token without kid, one RSA key";
  EXPECT_EQ(set.find("rotated-away", "RS256"), nullptr);
  EXPECT_EQ(set.find("", "ES256"), nullptr);
}

TEST(Signature, Rs256AndEs256TokensVerifyAgainstTheirKeys) {
  auto rsa = jwks(kRsaJwks), ec = jwks(kEcJwks);
  ASSERT_EQ(rsa.keys.size(), 1u);
  ASSERT_EQ(ec.keys.size(), 1u);
  EXPECT_EQ(verify_jws(jws(kRsaToken), rsa.keys[0]), "");
  EXPECT_EQ(verify_jws(jws(kEcToken), ec.keys[0]), "");
}

TEST(Signature, ATamperedPayloadOrSignatureIsRefused) {
  auto rsa = jwks(kRsaJwks), ec = jwks(kEcJwks);
  EXPECT_EQ(verify_jws(jws(flip_last(kRsaToken)), rsa.keys[0]), "signature does not verify");
  EXPECT_EQ(verify_jws(jws(flip_last(kEcToken)), ec.keys[0]), "signature does not verify");
  // Same header and signature, other claims: {"sub":"jdoe","groups":["it-admins","x"]}.
  auto j = jws(kRsaToken);
  auto first = kRsaToken.find('.'), second = kRsaToken.rfind('.');
  auto forged = kRsaToken.substr(0, first + 1) + base64url_encode(R"({"sub":"root","groups":["it-admins"]})") +
                kRsaToken.substr(second);
  EXPECT_EQ(verify_jws(jws(forged), rsa.keys[0]), "signature does not verify");
}

TEST(Signature, TheKeyMustBeOfTheTokensAlgorithmAndNoneOrHmacIsNeverAccepted) {
  auto rsa = jwks(kRsaJwks), ec = jwks(kEcJwks);
  EXPECT_NE(verify_jws(jws(kEcToken), rsa.keys[0]), "");
  EXPECT_NE(verify_jws(jws(kRsaToken), ec.keys[0]), "");
  for (const char* alg : {"none", "HS256", "RS512"}) {
    auto j = jws(kRsaToken);
    j.alg = alg;
    EXPECT_NE(verify_jws(j, rsa.keys[0]).find("not accepted"), std::string::npos) << alg;
  }
}

namespace {

json::object claims(std::int64_t iat = 1000, std::int64_t exp = 1600) {
  return {{"iss", "https://idp.example.edu"}, {"sub", "248289761001"}, {"aud", "classroom"},
          {"nonce", "n-0S6_WzA2Mj"}, {"iat", iat}, {"exp", exp}};
}

IdTokenExpectations expect(std::int64_t now = 1100) {
  return {"https://idp.example.edu", "classroom", "n-0S6_WzA2Mj", now, 120};
}

}  // namespace

TEST(IdTokenClaims, AGoodTokenPasses) {
  EXPECT_EQ(check_id_token_claims(claims(), expect()), "");
  auto c = claims();
  c["aud"] = json::array{"classroom", "other"};
  c["azp"] = "classroom";
  EXPECT_EQ(check_id_token_claims(c, expect()), "") << "several audiences with azp = us";
}

TEST(IdTokenClaims, EachBrokenClaimIsRefusedWithItsReason) {
  struct Case {
    const char* name;
    std::function<void(json::object&)> change;
    std::int64_t now;
    std::string reason;
  };
  std::vector<Case> cases = {
      {"wrong issuer", [](auto& c) { c["iss"] = "https://evil.example"; }, 1100, "wrong issuer"},
      {"no subject", [](auto& c) { c.erase("sub"); }, 1100, "no subject"},
      {"wrong aud", [](auto& c) { c["aud"] = "another-client"; }, 1100, "wrong audience 'another-client'"},
      {"aud array without us", [](auto& c) { c["aud"] = json::array{"a", "b"}; }, 1100, "wrong audience"},
      {"several aud, azp not us", [](auto& c) { c["aud"] = json::array{"classroom", "b"}; }, 1100, "azp"},
      {"no aud", [](auto& c) { c.erase("aud"); }, 1100, "wrong audience 'none'"},
      {"no exp", [](auto& c) { c.erase("exp"); }, 1100, "no expiry"},
      {"no iat", [](auto& c) { c.erase("iat"); }, 1100, "no issue time"},
      {"expired", [](auto&) {}, 1600 + 121, "expired 121 s ago"},
      {"issued in the future", [](auto& c) { c["iat"] = 1500; }, 1100, "clock skew 400 s"},
      {"wrong nonce", [](auto& c) { c["nonce"] = "other"; }, 1100, "nonce does not match"},
      {"no nonce", [](auto& c) { c.erase("nonce"); }, 1100, "nonce does not match"},
  };
  for (const auto& k : cases) {
    auto c = claims();
    k.change(c);
    auto reason = check_id_token_claims(c, expect(k.now));
    EXPECT_NE(reason.find(k.reason), std::string::npos) << k.name << ": " << reason;
  }
}

TEST(IdTokenClaims, SmallClockDifferencesAreTolerated) {
  EXPECT_EQ(check_id_token_claims(claims(), expect(1600 + 120)), "") << "just expired, within the skew";
  auto c = claims(1200, 1800);
  EXPECT_EQ(check_id_token_claims(c, expect(1100)), "") << "issued 100 s ahead of our clock";
}

TEST(IdTokenClaims, UsernameAndGroupsComeFromTheClaims) {
  json::object c = {{"sub", "abc"}, {"email", "j@uni.example"}, {"preferred_username", "jdoe@uni.example"},
                    {"groups", json::array{"staff", "", 7, "it-admins"}}, {"roles", "approvers"}};
  EXPECT_EQ(claim_username(c), "jdoe@uni.example");
  c.erase("preferred_username");
  EXPECT_EQ(claim_username(c), "j@uni.example");
  c.erase("email");
  EXPECT_EQ(claim_username(c), "abc");
  EXPECT_EQ(claim_strings(c, "groups"), (std::vector<std::string>{"staff", "it-admins"}));
  EXPECT_EQ(claim_strings(c, "roles"), (std::vector<std::string>{"approvers"}));
  EXPECT_TRUE(claim_strings(c, "missing").empty());
}

TEST(ReturnPath, OnlyPagesOfThisSite) {
  for (const char* good : {"/", "/admin", "/admin/rooms?building=Main#top", "/staff/bookings"})
    EXPECT_EQ(safe_return_path(good), std::string(good)) << good;
  for (const char* bad : {"", "admin", "//evil.example", "/\\evil.example", "https://evil.example/", "/a\\b",
                          "/a\nLocation: x", "javascript:alert(1)"})
    EXPECT_FALSE(safe_return_path(bad)) << bad;
  EXPECT_FALSE(safe_return_path("/" + std::string(600, 'a')));
}

TEST(ProviderUrl, HttpsOrALoopbackHttpOnly) {
  for (const char* good : {"https://login.microsoftonline.com/tid/v2.0", "https://sso.campus.example/realms/campus",
                           "http://127.0.0.1:8443", "http://127.0.0.1:8443/realms/x", "http://localhost:8080", "http://[::1]:9000/"})
    EXPECT_TRUE(acceptable_provider_url(good)) << good;
  for (const char* bad : {"http://sso.campus.example", "http://127.evil.example/", "http://127.0.0.1.evil.example",
                          "http://localhost.evil.example", "https://", "ftp://x", "https://user@evil.example", "file:///etc/passwd"})
    EXPECT_FALSE(acceptable_provider_url(bad)) << bad;
}

TEST(ProviderUrl, FormEncodingLeavesOnlyUnreservedCharacters) {
  EXPECT_EQ(form_encode("a b&c=d/é~"), "a%20b%26c%3Dd%2F%C3%A9~");
}
