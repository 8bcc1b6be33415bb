// The API description (server/openapi/openapi.json, served at /api/openapi.json) is
// held to the real route table: the one add_routes builds for classroomd. A route
// added without its description, or described but gone, fails here by name.
#include "api/openapi.hpp"
#include "app/wiring.hpp"
#include "http/router.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <set>

using namespace classroom;
namespace json = boost::json;

namespace {

struct RealTable {
  RealTable() {
    std::string t = "/tmp/openapi-test-XXXXXX";
    dir = mkdtemp(t.data());
    Config cfg;
    cfg.db = "sqlite:" + dir + "/x.db";
    cfg.var_dir = dir;
    cfg.jwt_secret = "openapi-test-secret-0123456789abcdef";
    wiring = std::make_unique<Wiring>(cfg);
    add_routes(router, *wiring);
  }
  ~RealTable() {
    wiring.reset();
    std::filesystem::remove_all(dir);
  }
  std::string dir;
  std::unique_ptr<Wiring> wiring;
  Router router;
};

const json::object& document() {
  static const json::object doc = json::parse(openapi_document()).as_object();
  return doc;
}

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// "GET /api/admin/users/{id}" → its operation object in the document.
std::map<std::string, const json::object*> operations() {
  std::map<std::string, const json::object*> out;
  for (const auto& [path, item] : document().at("paths").as_object())
    for (const auto& [method, op] : item.as_object())
      out[upper(std::string(method)) + " " + std::string(path)] = &op.as_object();
  return out;
}

std::string key(const Route& r) { return r.method + " " + r.pattern; }

// What the document must say for each kind of access (see components.securitySchemes).
json::value security_for(Access a) {
  switch (a) {
    case Access::open: return json::array{};
    case Access::device: return json::array{json::object{{"deviceId", json::array{}}, {"deviceKey", json::array{}}}};
    case Access::user: return json::array{json::object{{"bearerAuth", json::array{}}}};
    case Access::staff: return json::array{json::object{{"bearerAuth", json::array{"staff"}}}};
    case Access::admin: return json::array{json::object{{"bearerAuth", json::array{"admin"}}}};
  }
  return nullptr;
}

std::string lines(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += "  " + s + "\n";
  return out;
}

}  // namespace

TEST(OpenApi, IsAnOpenApi31Document) {
  EXPECT_EQ(document().at("openapi"), "3.1.0");
  EXPECT_TRUE(document().at("components").as_object().contains("schemas"));
}

TEST(OpenApi, DescribesEveryRouteOfTheServerAndNoOther) {
  RealTable t;
  auto ops = operations();
  std::vector<std::string> undescribed, unserved;
  std::set<std::string> served;
  for (const auto* r : t.router.routes()) {
    served.insert(key(*r));
    if (!ops.count(key(*r))) undescribed.push_back(key(*r) + "  (security: " + json::serialize(security_for(r->access)) + ")");
  }
  for (const auto& [k, op] : ops)
    if (!served.count(k)) unserved.push_back(k);
  EXPECT_GT(served.size(), 70u) << "the real route table, as classroomd builds it";
  EXPECT_TRUE(undescribed.empty()) << "Routes the server has that server/openapi/openapi.json does not describe "
                                      "(add them there):\n"
                                   << lines(undescribed);
  EXPECT_TRUE(unserved.empty()) << "Routes server/openapi/openapi.json describes that the server does not have "
                                   "(remove them there, or register them):\n"
                                << lines(unserved);
}

TEST(OpenApi, EachOperationNamesTheAccessItsRouteChecks) {
  RealTable t;
  auto ops = operations();
  std::vector<std::string> wrong;
  for (const auto* r : t.router.routes()) {
    auto it = ops.find(key(*r));
    if (it == ops.end()) continue;  // reported by the test above
    const auto* security = it->second->if_contains("security");
    auto expected = security_for(r->access);
    if (!security || *security != expected)
      wrong.push_back(key(*r) + ": security should be " + json::serialize(expected) + ", is " +
                      (security ? json::serialize(*security) : "absent"));
  }
  EXPECT_TRUE(wrong.empty()) << lines(wrong);
}

TEST(OpenApi, EveryPathParameterIsDeclared) {
  const auto& shared = document().at("components").at("parameters").as_object();
  std::vector<std::string> missing;
  for (const auto& [k, op] : operations()) {
    std::set<std::string> declared;
    if (const auto* params = op->if_contains("parameters"))
      for (const auto& p : params->as_array()) {
        const auto* o = &p.as_object();
        if (const auto* r = o->if_contains("$ref")) {
          std::string name(r->as_string());
          o = &shared.at(name.substr(name.rfind('/') + 1)).as_object();
        }
        if (o->at("in") == "path") declared.insert(std::string(o->at("name").as_string()));
      }
    for (std::size_t at = k.find('{'); at != std::string::npos; at = k.find('{', at + 1)) {
      auto name = k.substr(at + 1, k.find('}', at) - at - 1);
      if (!declared.count(name)) missing.push_back(k + ": {" + name + "}");
    }
  }
  EXPECT_TRUE(missing.empty()) << lines(missing);
}
