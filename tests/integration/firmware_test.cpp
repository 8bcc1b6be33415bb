// Over-the-air updates against the real server: the image store, an assignment to one
// device, the `firmware` offer in status answers, the download with the device's key,
// and what counts as updated or failed.
#include "fixture.hpp"
#include "image_signer.hpp"
#include "nodes.hpp"

#include <chrono>
#include <fstream>
#include <functional>
#include <thread>

namespace {

std::string image_of(std::size_t size, char fill) {
  std::string out(size, fill);
  for (std::size_t i = 0; i < size; i += 97) out[i] = static_cast<char>(i % 251);
  return out;
}

bool eventually(const std::function<bool()>& ok, std::chrono::milliseconds limit = std::chrono::seconds(15)) {
  const auto until = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < until) {
    if (ok()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return ok();
}

}  // namespace

class FirmwareTest : public ApiTest {
 protected:
  std::vector<std::string> server_args() override {
    key_dir_ = ts::make_temp_dir("firmware-key");
    std::ofstream(key_dir_ + "/update.pub") << "# the update key\n" << signer_.public_hex() << "\n";
    return {"--firmware-public-key", key_dir_ + "/update.pub", "--firmware-max-mb", "1", "--firmware-check-s", "1"};
  }
  ts::HttpResult upload(const std::string& version, const std::string& image, const std::string& signature) {
    return ts::http(port(), "POST", "/api/admin/firmware/images?version=" + version + "&signature=" + signature, image,
                    {{"Authorization", "Bearer " + admin_}, {"Content-Type", "application/octet-stream"}});
  }
  ts::HttpResult heartbeat(const Node& n, const std::string& version, int uptime_s) {
    return ts::http(port(), "POST", "/api/esp/heartbeat",
                    json::serialize(json::object{{"firmware_version", version}, {"uptime_s", uptime_s}}),
                    {{"X-Device-ID", n.device_id}, {"X-API-Key", n.api_key}});
  }
  ts::HttpResult status(const Node& n) {
    return ts::http(port(), "POST", "/api/esp/status",
                    json::serialize(json::object{{"is_occupied", false}, {"is_power_on", true}}),
                    {{"X-Device-ID", n.device_id}, {"X-API-Key", n.api_key}});
  }
  json::object rollout(std::int64_t id) { return get("/api/admin/firmware/rollouts/" + std::to_string(id), admin_).json().as_object(); }

  ts::ImageSigner signer_;
  std::string key_dir_;
};

TEST_P(FirmwareTest, StoresASignedImageAndRefusesBadOnesStoringNothing) {
  const auto image = image_of(200'000, 'a');
  auto r = upload("1.1.0", image, signer_.sign_hex(image));
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json().at("sha256").as_string(), ts::sha256_hex(image)) << "computed by the server";
  EXPECT_EQ(r.json().at("size").as_int64(), 200'000);

  EXPECT_EQ(upload("1.1.0", image, signer_.sign_hex(image)).status, 409) << "a version is stored once";
  ts::ImageSigner other;
  auto bad = upload("1.2.0", image, other.sign_hex(image));
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_EQ(bad.json().at("field").as_string(), "signature");
  EXPECT_EQ(upload("1.2.0", image + "x", signer_.sign_hex(image)).status, 400) << "signature of another image";
  EXPECT_EQ(upload("1.2.0", "", signer_.sign_hex("")).status, 400) << "empty";
  const auto huge = image_of((1u << 20) + 1, 'b');
  // The server answers 413 from the Content-Length alone and closes: the client may
  // still be writing the body (a broken pipe), so it asks again until it reads the answer.
  int too_large = 0;
  for (int attempt = 0; attempt < 5 && too_large == 0; ++attempt) {
    try {
      too_large = upload("1.2.0", huge, signer_.sign_hex(huge)).status;
    } catch (const std::exception&) {
    }
  }
  EXPECT_EQ(too_large, 413) << "beyond --firmware-max-mb";
  EXPECT_EQ(upload("bad version!", image, signer_.sign_hex(image)).status, 400);
  auto wrong_type = ts::http(port(), "POST", "/api/admin/firmware/images?version=1.3.0&signature=" + signer_.sign_hex(image),
                             image, {{"Authorization", "Bearer " + admin_}, {"Content-Type", "text/plain"}});
  EXPECT_EQ(wrong_type.status, 415);
  EXPECT_EQ(upload("1.2.0", image, signer_.sign_hex(image)).status, 201) << "signed right, it is taken";

  EXPECT_EQ(count("/api/admin/firmware/images"), 2u);
  EXPECT_EQ(ts::http(port(), "POST", "/api/admin/firmware/images?version=9.9.9&signature=" + signer_.sign_hex(image), image,
                     {{"Authorization", "Bearer " + staff_}, {"Content-Type", "application/octet-stream"}}).status,
            403) << "admins only";
  EXPECT_EQ(del("/api/admin/firmware/images/1.2.0", admin_).status, 200);
  EXPECT_EQ(del("/api/admin/firmware/images/1.2.0", admin_).status, 404);
  EXPECT_EQ(count("/api/admin/firmware/images"), 1u);
}

TEST_P(FirmwareTest, AnAssignedNodeIsOfferedTheImageDownloadsItAndCountsAsUpdated) {
  auto node = make_node("Room A", "node-a");
  auto other = make_node("Room B", "node-b");
  ASSERT_EQ(heartbeat(node, "1.0.0", 100).status, 200);
  ASSERT_EQ(heartbeat(other, "1.0.0", 100).status, 200);
  EXPECT_FALSE(status(node).json().as_object().contains("firmware")) << "nothing assigned yet";

  const auto image = image_of(150'000, 'c');
  ASSERT_EQ(upload("1.1.0", image, signer_.sign_hex(image)).status, 201);
  auto started = post("/api/admin/firmware/rollouts", json::object{{"version", "1.1.0"}, {"scope", "device"}, {"target", "node-a"}}, admin_);
  ASSERT_EQ(started.status, 201) << started.body;
  const auto id = started.json().at("id").as_int64();
  EXPECT_EQ(started.json().at("stages"), (json::array{100}));

  auto answer = status(node).json().as_object();
  ASSERT_TRUE(answer.contains("firmware")) << json::serialize(answer);
  const auto& fw = answer.at("firmware").as_object();
  EXPECT_EQ(fw.at("version").as_string(), "1.1.0");
  EXPECT_EQ(fw.at("sha256").as_string(), ts::sha256_hex(image));
  EXPECT_EQ(fw.at("size").as_int64(), 150'000);
  EXPECT_EQ(fw.at("signature").as_string(), signer_.sign_hex(image));
  const std::string url(fw.at("url").as_string());
  EXPECT_EQ(url.rfind("https://", 0), 0u) << url << ": the node takes https only";
  const auto path = url.substr(url.find("/api/"));
  EXPECT_EQ(path, "/api/esp/firmware/1.1.0");
  EXPECT_FALSE(status(other).json().as_object().contains("firmware")) << "assigned to node-a only";

  auto download = ts::http(port(), "GET", path, "", {{"X-Device-ID", node.device_id}, {"X-API-Key", node.api_key}});
  ASSERT_EQ(download.status, 200);
  EXPECT_EQ(download.body, image) << "the same bytes";
  EXPECT_EQ(ts::http(port(), "GET", path, "", {{"X-Device-ID", node.device_id}, {"X-API-Key", "wrong-key-123456"}}).status, 401);

  ASSERT_TRUE(eventually([&] { return rollout(id).at("offered").as_int64() == 1; }));
  ASSERT_EQ(heartbeat(node, "1.1.0", 5).status, 200);  // booted into it and reached the server
  ASSERT_TRUE(eventually([&] { return rollout(id).at("updated").as_int64() == 1; })) << json::serialize(rollout(id));
  EXPECT_TRUE(eventually([&] { return rollout(id).at("state").as_string() == "completed"; }));
  EXPECT_FALSE(status(node).json().as_object().contains("firmware")) << "it runs the version now";

  auto devices = get("/api/admin/firmware/devices", admin_).json().as_array();
  bool seen = false;
  for (const auto& d : devices)
    if (d.at("device_id").as_string() == "node-a") {
      seen = true;
      EXPECT_EQ(d.at("firmware_version"), "1.1.0");
      EXPECT_EQ(d.at("update").at("state"), "updated");
    }
  EXPECT_TRUE(seen);
  EXPECT_EQ(del("/api/admin/firmware/images/1.1.0", admin_).status, 200) << "a finished rollout does not hold it";
}

TEST_P(FirmwareTest, ANodeBackOnItsOldVersionAfterRebootingCountsAsFailedAndIsNotOfferedAgain) {
  auto node = make_node("Room A", "node-a");
  ASSERT_EQ(heartbeat(node, "1.0.0", 100).status, 200);
  const auto image = image_of(1000, 'd');
  ASSERT_EQ(upload("2.0.0", image, signer_.sign_hex(image)).status, 201);
  auto started = post("/api/admin/firmware/rollouts", json::object{{"version", "2.0.0"}, {"scope", "device"}, {"target", "node-a"}}, admin_);
  ASSERT_EQ(started.status, 201) << started.body;
  const auto id = started.json().at("id").as_int64();
  ASSERT_TRUE(status(node).json().as_object().contains("firmware"));
  ASSERT_TRUE(eventually([&] { return rollout(id).at("offered").as_int64() == 1; }));
  EXPECT_EQ(del("/api/admin/firmware/images/2.0.0", admin_).status, 409) << "a running rollout offers it";
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));
  // Rebooted since the offer (uptime 1 s) and still the old version: the bootloader rolled back.
  ASSERT_EQ(heartbeat(node, "1.0.0", 1).status, 200);
  ASSERT_TRUE(eventually([&] { return rollout(id).at("failed").as_int64() == 1; })) << json::serialize(rollout(id));
  EXPECT_TRUE(eventually([&] { return rollout(id).at("state").as_string() == "halted"; })) << "1 of 1 failed";
  EXPECT_FALSE(status(node).json().as_object().contains("firmware"));
  // Resumed after a look: the node that halted it was judged then and does not halt it again.
  auto resumed = post("/api/admin/firmware/rollouts/" + std::to_string(id) + "/resume", json::object{}, admin_);
  ASSERT_EQ(resumed.status, 200) << resumed.body;
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));  // two passes
  auto r = rollout(id);
  EXPECT_EQ(r.at("state"), "running") << json::serialize(r);
  EXPECT_EQ(r.at("stage_counts").at("excused").as_int64(), 1) << json::serialize(r);
  EXPECT_FALSE(status(node).json().as_object().contains("firmware")) << "a failed node is not offered it again";
}

TEST_P(FirmwareTest, AdminsPauseResumeAndAbortARollout) {
  auto node = make_node("Room A", "node-a");
  const auto image = image_of(1000, 'e');
  ASSERT_EQ(upload("3.0.0", image, signer_.sign_hex(image)).status, 201);
  auto started = post("/api/admin/firmware/rollouts", json::object{{"version", "3.0.0"}}, admin_);
  ASSERT_EQ(started.status, 201) << started.body;
  const auto id = std::to_string(started.json().at("id").as_int64());
  EXPECT_EQ(started.json().at("scope"), "campus");
  EXPECT_TRUE(status(node).json().as_object().contains("firmware"));
  EXPECT_EQ(post("/api/admin/firmware/rollouts/" + id + "/pause", json::object{}, admin_).json().at("state"), "paused");
  EXPECT_FALSE(status(node).json().as_object().contains("firmware")) << "a paused rollout offers nothing";
  EXPECT_EQ(post("/api/admin/firmware/rollouts/" + id + "/pause", json::object{}, admin_).status, 409);
  EXPECT_EQ(post("/api/admin/firmware/rollouts/" + id + "/resume", json::object{}, admin_).json().at("state"), "running");
  EXPECT_TRUE(status(node).json().as_object().contains("firmware"));
  EXPECT_EQ(post("/api/admin/firmware/rollouts/" + id + "/abort", json::object{}, admin_).json().at("state"), "aborted");
  EXPECT_FALSE(status(node).json().as_object().contains("firmware"));
  EXPECT_EQ(post("/api/admin/firmware/rollouts", json::object{{"version", "9.9.9"}}, admin_).status, 400) << "no such image";
  EXPECT_EQ(post("/api/admin/firmware/rollouts", json::object{{"version", "3.0.0"}, {"stages", json::array{10, 5}}}, admin_).status, 400);
  EXPECT_EQ(post("/api/admin/firmware/rollouts", json::object{{"version", "3.0.0"}, {"scope", "device"}, {"target", "nope"}}, admin_).status, 400);
}

TEST_P(FirmwareTest, AnotherInstanceOnTheSameDatabaseOffersAndServesTheSameImage) {
  if (GetParam() != "postgresql") GTEST_SKIP() << "several instances share a PostgreSQL database";
  auto node = make_node("Room A", "node-a");
  ASSERT_EQ(heartbeat(node, "1.0.0", 100).status, 200);
  const auto image = image_of(300'000, 'h');
  ASSERT_EQ(upload("4.0.0", image, signer_.sign_hex(image)).status, 201);
  ASSERT_EQ(post("/api/admin/firmware/rollouts", json::object{{"version", "4.0.0"}, {"scope", "device"}, {"target", "node-a"}}, admin_).status, 201);
  ts::Server second(db_, server_args());
  const std::vector<ts::Header> key{{"X-Device-ID", node.device_id}, {"X-API-Key", node.api_key}};
  json::value answer;
  ASSERT_TRUE(eventually([&] {
    answer = ts::http(second.port(), "POST", "/api/esp/status", json::serialize(json::object{{"is_occupied", false}, {"is_power_on", true}}), key).json();
    return answer.is_object() && answer.as_object().contains("firmware");
  })) << json::serialize(answer);
  const std::string url(answer.at("firmware").at("url").as_string());
  auto got = ts::http(second.port(), "GET", url.substr(url.find("/api/")), "", key);
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(got.body, image) << "the bytes are in the database, not on the first instance's disk";
}

CLASSROOM_INSTANTIATE(FirmwareTest);

// A fleet of 200 nodes driven over HTTP as the firmware behaves: each reports its
// status, takes an offer, downloads and checks the image (size, SHA-256) and comes back
// on the new version after a reboot; a "bricked" node takes the offer and is never
// heard from again. Which nodes brick goes by the order the offers come in (every Nth
// node offered), not by device, so the stages' hash order cannot put them all in the
// last stage. Windows are shortened by options so the rollout runs in seconds.
class FleetUpdateTest : public FirmwareTest {
 protected:
  struct SimNode {
    Node node;
    bool bricked = false;
    std::string version = "1.0.0";
    std::string installing;  // took an offer: boots into it on its next turn
    bool gone = false;
    int offers = 0;
  };

  std::vector<SimNode> make_fleet(int n, int bricked_every) {
    std::vector<SimNode> fleet;
    for (int i = 0; i < n; ++i) {
      auto id = "fleet-" + std::to_string(1000 + i);
      auto d = post("/api/admin/devices", json::object{{"device_id", id}, {"name", id}}, admin_);
      EXPECT_EQ(d.status, 201) << d.body;
      SimNode s;
      s.node = Node{0, id, std::string(d.json().at("api_key").as_string())};
      EXPECT_EQ(heartbeat(s.node, s.version, 600).status, 200);
      fleet.push_back(std::move(s));
    }
    bricked_every_ = bricked_every;
    offered_nodes_ = 0;
    return fleet;
  }
  int bricked_every_ = 0, offered_nodes_ = 0;

  // One turn of every node that is still alive.
  void turn(std::vector<SimNode>& fleet, const std::string& image) {
    for (auto& s : fleet) {
      if (s.gone) continue;
      if (!s.installing.empty()) {
        if (s.bricked) {  // took it and never came back
          s.gone = true;
          continue;
        }
        s.version = s.installing;
        s.installing.clear();
        ASSERT_EQ(heartbeat(s.node, s.version, 1).status, 200);
      }
      auto r = status(s.node);
      ASSERT_EQ(r.status, 200) << r.body;
      const auto body = r.json();
      const auto& answer = body.as_object();
      if (!answer.contains("firmware")) continue;
      const auto& fw = answer.at("firmware").as_object();
      if (fw.at("version").as_string() == s.version) continue;
      if (s.offers++ == 0 && bricked_every_ > 0 && ++offered_nodes_ % bricked_every_ == 0) s.bricked = true;
      const std::string url(fw.at("url").as_string());
      auto got = ts::http(port(), "GET", url.substr(url.find("/api/")), "",
                          {{"X-Device-ID", s.node.device_id}, {"X-API-Key", s.node.api_key}});
      ASSERT_EQ(got.status, 200);
      ASSERT_EQ(static_cast<std::int64_t>(got.body.size()), fw.at("size").as_int64());
      ASSERT_EQ(ts::sha256_hex(got.body), fw.at("sha256").as_string());
      ASSERT_EQ(got.body, image);
      s.installing = std::string(fw.at("version").as_string());
    }
  }

  std::int64_t start(const std::string& version) {
    auto r = post("/api/admin/firmware/rollouts",
                  json::object{{"version", version}, {"stages", json::array{1, 10, 100}}, {"soak_s", 1},
                               {"window_s", 5}, {"max_failed_percent", 2}},
                  admin_);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().at("id").as_int64();
  }

  // Runs turns until the rollout is halted or completed; its last state.
  json::object run(std::vector<SimNode>& fleet, std::int64_t id, const std::string& image,
                   std::vector<std::int64_t>& stages_seen) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    json::object r;
    while (std::chrono::steady_clock::now() < until) {
      turn(fleet, image);
      if (HasFatalFailure()) return r;
      r = rollout(id);
      auto pct = r.at("stage_percent").as_int64();
      if (stages_seen.empty() || stages_seen.back() != pct) stages_seen.push_back(pct);
      auto state = r.at("state").as_string();
      if (state == "halted" || state == "completed") return r;
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    return r;
  }
};

TEST_P(FleetUpdateTest, ARolloutTo200NodesWith5PercentBrickedHaltsItselfAndOffersNothingMore) {
  // Every 20th node offered bricks: none of the 1 % stage's 2, one of the 10 % stage's 20.
  auto fleet = make_fleet(200, 20);
  const auto image = image_of(64 * 1024, 'f');
  ASSERT_EQ(upload("1.1.0", image, signer_.sign_hex(image)).status, 201);
  const auto id = start("1.1.0");
  std::vector<std::int64_t> stages;
  auto r = run(fleet, id, image, stages);
  ASSERT_FALSE(HasFatalFailure());
  ASSERT_EQ(r.at("state"), "halted") << json::serialize(r);
  EXPECT_EQ(r.at("stage_percent").as_int64(), 10) << "halted where its first bricked node was";
  EXPECT_GT(r.at("stage_counts").at("late").as_int64(), 0) << json::serialize(r);
  EXPECT_NE(r.at("reason").as_string().find("late"), std::string::npos) << r.at("reason");
  int updated = 0, bricked_offered = 0;
  for (const auto& s : fleet) {
    if (s.version == "1.1.0") ++updated;
    if (s.bricked && s.offers > 0) ++bricked_offered;
  }
  EXPECT_LT(updated, 190) << "not every healthy node was updated before the halt";
  EXPECT_GT(bricked_offered, 0);
  // Halted: no node is offered the image any more, however often it asks.
  for (int round = 0; round < 2; ++round)
    for (auto& s : fleet) {
      if (s.gone) continue;
      auto answer = status(s.node).json().as_object();
      EXPECT_FALSE(answer.contains("firmware")) << s.node.device_id << ": " << json::serialize(answer);
    }
  EXPECT_EQ(rollout(id).at("state"), "halted") << "it stays halted";
  std::cerr << "halted at stage " << r.at("stage_percent") << " %: " << json::serialize(r.at("stage_counts")) << ", "
            << updated << " nodes updated, " << bricked_offered << " bricked nodes offered\n";
}

TEST_P(FleetUpdateTest, ARolloutTo200HealthyNodesGoesThroughEveryStageAndCompletes) {
  auto fleet = make_fleet(200, 0);
  const auto image = image_of(64 * 1024, 'g');
  ASSERT_EQ(upload("1.1.0", image, signer_.sign_hex(image)).status, 201);
  const auto id = start("1.1.0");
  std::vector<std::int64_t> stages;
  auto r = run(fleet, id, image, stages);
  ASSERT_FALSE(HasFatalFailure());
  ASSERT_EQ(r.at("state"), "completed") << json::serialize(r);
  EXPECT_EQ(stages, (std::vector<std::int64_t>{1, 10, 100})) << "stage by stage";
  EXPECT_EQ(r.at("updated").as_int64(), 200);
  EXPECT_EQ(r.at("failed").as_int64(), 0);
  for (const auto& s : fleet) {
    EXPECT_EQ(s.version, "1.1.0") << s.node.device_id;
    EXPECT_EQ(s.offers, 1) << s.node.device_id << " downloads it once";
  }
}

CLASSROOM_INSTANTIATE(FleetUpdateTest);

class FirmwareWithoutKeyTest : public ApiTest {};

TEST_P(FirmwareWithoutKeyTest, RefusesEveryUploadSayingWhy) {
  auto r = ts::http(port(), "POST", "/api/admin/firmware/images?version=1.0.1&signature=" + std::string(128, 'a'), "image",
                    {{"Authorization", "Bearer " + admin_}, {"Content-Type", "application/octet-stream"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("--firmware-public-key"), std::string::npos) << r.body;
  EXPECT_EQ(count("/api/admin/firmware/images"), 0u);
}

CLASSROOM_INSTANTIATE(FirmwareWithoutKeyTest);
