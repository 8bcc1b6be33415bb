#include "services/firmware.hpp"

#include "auth/secrets.hpp"
#include "domain/errors.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>

namespace classroom {

namespace {

void check_version(const std::string& v) {
  if (v.empty() || v.size() > 32)
    throw BadRequest("version", "version must be 1 to 32 characters (what a node's heartbeat says as firmware_version)");
  for (char c : v)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '-' && c != '+')
      throw BadRequest("version", "version may contain only letters, digits, '.', '_', '-' and '+'");
}

}  // namespace

FirmwareService::FirmwareService(FirmwareStore& store, const Clock& clock, FirmwareSettings settings)
    : store_(store), clock_(clock), settings_(std::move(settings)) {}

FirmwareService::~FirmwareService() { stop(); }

void FirmwareService::start() {
  try {
    pass();
  } catch (const std::exception& e) {
    spdlog::warn("event=firmware_pass_failed what=\"{}\"", e.what());
  }
  thread_ = std::thread([this] {
    std::unique_lock lock(stop_mu_);
    while (!stopping_) {
      stop_cv_.wait_for(lock, std::chrono::seconds(settings_.check_interval_s));
      if (stopping_) break;
      lock.unlock();
      try {
        pass();
      } catch (const std::exception& e) {
        spdlog::warn("event=firmware_pass_failed what=\"{}\"", e.what());
      }
      lock.lock();
    }
  });
}

void FirmwareService::stop() {
  {
    std::lock_guard lock(stop_mu_);
    stopping_ = true;
  }
  stop_cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

FirmwareImage FirmwareService::upload(const std::string& version, const std::string& signature_hex,
                                      const std::string& bytes, const std::string& notes, const std::string& by) {
  if (settings_.keys.empty())
    throw HttpError(400, "Firmware uploads disabled",
                    "The server has no --firmware-public-key to check an image's signature with, so it takes no image");
  check_version(version);
  if (bytes.empty()) throw BadRequest("body", "The image is empty");
  if (bytes.size() > settings_.max_bytes)
    throw HttpError(413, "Payload too large",
                    "An image may be at most " + std::to_string(settings_.max_bytes) + " bytes (--firmware-max-mb)");
  if (signature_hex.size() != 128 ||
      !std::all_of(signature_hex.begin(), signature_hex.end(), [](unsigned char c) { return std::isxdigit(c); }))
    throw BadRequest("signature", "signature must be 128 hex digits: Ed25519 over the image's SHA-256 digest");
  FirmwareImage meta;
  meta.version = version;
  meta.size = static_cast<std::int64_t>(bytes.size());
  meta.sha256 = sha256_hex(bytes);
  meta.signature = signature_hex;
  std::transform(meta.signature.begin(), meta.signature.end(), meta.signature.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (!firmware_signature_valid(meta.signature, meta.sha256, settings_.keys)) {
    spdlog::warn("event=firmware_upload_refused version={} sha256={} why=bad_signature by={}", version, meta.sha256, by);
    throw BadRequest("signature", "The signature is not one of the configured keys' over the image's SHA-256 (" +
                                      meta.sha256 + ")");
  }
  meta.notes = notes;
  meta.uploaded_by = by;
  meta.created_at = clock_.now();
  auto stored = store_.add_image(meta, bytes);
  spdlog::info("event=firmware_uploaded version={} size={} sha256={} by={}", version, meta.size, meta.sha256, by);
  return stored;
}

void FirmwareService::remove_image(const std::string& version) {
  store_.remove_image(version);
  spdlog::info("event=firmware_removed version={}", version);
  pass();
}

RolloutView FirmwareService::start_rollout(const RolloutRequest& q, const std::string& by) {
  if (!store_.image(q.version)) throw BadRequest("version", "No image of version " + q.version + " is stored");
  Rollout r;
  r.version = q.version;
  r.scope = q.scope;
  r.target = q.target;
  if (q.scope == RolloutScope::device) {
    if (q.target.empty() || !store_.device_exists(q.target)) throw BadRequest("target", "No device '" + q.target + "'");
  } else if (q.scope == RolloutScope::building) {
    std::int64_t id = 0;
    try {
      id = std::stoll(q.target);
    } catch (const std::exception&) {
      throw BadRequest("target", "target must be a building id");
    }
    if (!store_.building_exists(id)) throw BadRequest("target", "No building " + q.target);
    r.target = std::to_string(id);
  } else {
    r.target.clear();
  }
  r.policy = settings_.policy;
  if (q.scope == RolloutScope::device) r.policy.stages = {100};
  if (q.stages) r.policy.stages = *q.stages;
  if (q.soak_s) r.policy.soak_s = *q.soak_s;
  if (q.window_s) r.policy.window_s = *q.window_s;
  if (q.max_failed_percent) r.policy.max_failed_percent = *q.max_failed_percent;
  if (auto why = check_policy(r.policy); !why.empty()) throw BadRequest("stages", why);
  r.state = RolloutState::running;
  r.created_at = r.stage_started_at = clock_.now();
  r.created_by = by;
  auto stored = store_.add_rollout(r);
  spdlog::info("event=rollout_started id={} version={} scope={} target={} stages={} by={}", stored.id, stored.version,
               to_string(stored.scope), stored.target.empty() ? "-" : stored.target, stages_text(stored.policy.stages), by);
  pass();
  return rollout(stored.id);
}

RolloutView FirmwareService::view(const Rollout& r) {
  RolloutView v;
  v.rollout = r;
  auto targets = store_.targets(r.scope, r.target);
  v.targets = static_cast<int>(targets.size());
  std::vector<std::string> ids;
  for (const auto& t : targets) ids.push_back(t.device_id);
  auto members = stage_members(ids, r.id, r.policy.stages[r.stage]);
  auto stored = store_.updates(r.id);
  std::vector<NodeUpdate> nodes(stored.begin(), stored.end());
  v.stage = count_stage(members, nodes, r.policy, clock_.now(), r.stage_started_at);
  for (const auto& u : stored) {
    ++v.offered;
    if (u.state == UpdateState::updated) ++v.updated;
    if (u.state == UpdateState::failed) ++v.failed;
  }
  return v;
}

std::vector<RolloutView> FirmwareService::rollouts() {
  std::vector<RolloutView> out;
  for (const auto& r : store_.rollouts()) out.push_back(view(r));
  return out;
}

RolloutView FirmwareService::rollout(std::int64_t id) {
  auto r = store_.rollout(id);
  if (!r) throw NotFound("No rollout " + std::to_string(id));
  return view(*r);
}

RolloutView FirmwareService::pause(std::int64_t id, const std::string& by) {
  if (!store_.rollout(id)) throw NotFound("No rollout " + std::to_string(id));
  if (!store_.set_state(id, {RolloutState::running}, RolloutState::paused, "paused by " + by, clock_.now()))
    throw Conflict("Not running", "Only a running rollout can be paused");
  spdlog::info("event=rollout_paused id={} by={}", id, by);
  pass();
  return rollout(id);
}

RolloutView FirmwareService::resume(std::int64_t id, const std::string& by) {
  if (!store_.rollout(id)) throw NotFound("No rollout " + std::to_string(id));
  if (!store_.set_state(id, {RolloutState::paused, RolloutState::halted}, RolloutState::running, "", clock_.now()))
    throw Conflict("Not paused", "Only a paused or halted rollout can be resumed");
  spdlog::info("event=rollout_resumed id={} by={}", id, by);
  pass();
  return rollout(id);
}

RolloutView FirmwareService::abort(std::int64_t id, const std::string& by) {
  if (!store_.rollout(id)) throw NotFound("No rollout " + std::to_string(id));
  if (!store_.set_state(id, {RolloutState::running, RolloutState::paused, RolloutState::halted, RolloutState::completed},
                        RolloutState::aborted, "aborted by " + by, clock_.now()))
    throw Conflict("Aborted already", "The rollout was aborted already");
  spdlog::info("event=rollout_aborted id={} by={}", id, by);
  pass();
  return rollout(id);
}

std::optional<FirmwareOffer> FirmwareService::offer(const std::string& device_id) {
  std::lock_guard lock(mu_);
  const auto now = clock_.now();
  if (auto u = updated_.find(device_id); u != updated_.end()) contacts_[device_id] = now;
  auto it = offers_.find(device_id);
  if (it == offers_.end()) return std::nullopt;
  if (auto v = versions_.find(device_id); v != versions_.end() && v->second == it->second.offer.version) return std::nullopt;
  if (offered_.emplace(it->second.rollout_id, device_id).second) {
    auto v = versions_.find(device_id);
    new_offers_.emplace_back(it->second.rollout_id, device_id, v == versions_.end() ? "" : v->second, now);
  }
  return it->second.offer;
}

void FirmwareService::heartbeat(const std::string& device_id, const std::string& version,
                                std::optional<std::int64_t> uptime_s) {
  if (version.empty()) return;
  std::lock_guard lock(mu_);
  versions_[device_id] = version;
  // Only a node some rollout offered an update to has anything to tell the rollouts.
  if (involved_.count(device_id) || offers_.count(device_id)) seen_.push_back({device_id, version, uptime_s, clock_.now()});
}

void FirmwareService::flush() {
  decltype(new_offers_) offers;
  decltype(seen_) seen;
  decltype(contacts_) contacts;
  {
    std::lock_guard lock(mu_);
    offers.swap(new_offers_);
    seen.swap(seen_);
    contacts.swap(contacts_);
  }
  std::vector<FirmwareStore::Offered> rows;
  for (const auto& [rollout, device, from, at] : offers) {
    rows.push_back({rollout, device, from, at});
    spdlog::info("event=firmware_offered rollout={} device_id={} from={}", rollout, device, from.empty() ? "-" : from);
  }
  store_.record_offers(rows);
  for (const auto& s : seen) {
    for (const auto& u : store_.device_updates(s.device)) {
      auto r = store_.rollout(u.rollout_id);
      if (!r || r->state == RolloutState::aborted) continue;
      const auto next = judge_heartbeat(u.state, u.offered_at, r->version, s.version, s.uptime_s, s.at);
      if (next == UpdateState::updated) {
        store_.set_update(u.rollout_id, s.device, UpdateState::updated, s.at);
        spdlog::info("event=firmware_updated rollout={} device_id={} version={}", u.rollout_id, s.device, s.version);
      } else if (next == UpdateState::failed) {
        store_.set_update(u.rollout_id, s.device, UpdateState::failed, s.at);
        spdlog::warn("event=firmware_update_failed rollout={} device_id={} version={} wanted={}", u.rollout_id, s.device,
                     s.version, r->version);
      } else if (u.state == UpdateState::updated && s.version == r->version) {
        store_.touch({{u.rollout_id, s.device, s.at}});
      }
    }
  }
  std::vector<FirmwareStore::Contact> touched;
  {
    std::lock_guard lock(mu_);
    for (const auto& [device, at] : contacts)
      if (auto it = updated_.find(device); it != updated_.end()) touched.push_back({it->second, device, at});
  }
  store_.touch(touched);
}

void FirmwareService::pass() {
  std::lock_guard pass_lock(pass_mu_);
  flush();
  const auto now = clock_.now();
  std::unordered_map<std::string, Entry> offers;
  std::unordered_map<std::string, std::string> versions;
  std::set<std::pair<std::int64_t, std::string>> offered;
  std::unordered_map<std::string, std::int64_t> updated;
  std::set<std::string> involved;
  auto all = store_.rollouts();
  std::reverse(all.begin(), all.end());  // oldest first: a newer rollout's offer wins
  for (auto& r : all) {
    if (r.state == RolloutState::aborted) continue;
    auto targets = store_.targets(r.scope, r.target);
    std::vector<std::string> ids;
    for (const auto& t : targets) {
      ids.push_back(t.device_id);
      versions[t.device_id] = t.firmware_version;
    }
    auto stored = store_.updates(r.id);
    std::unordered_map<std::string, const StoredUpdate*> by_device;
    for (const auto& u : stored) {
      by_device[u.device_id] = &u;
      offered.emplace(r.id, u.device_id);
      involved.insert(u.device_id);
    }
    if (r.state == RolloutState::running) {
      auto members = stage_members(ids, r.id, r.policy.stages[r.stage]);
      // Members on the version already count as updated without an offer.
      bool added = false;
      for (const auto& t : targets)
        if (t.firmware_version == r.version && !by_device.count(t.device_id) &&
            std::find(members.begin(), members.end(), t.device_id) != members.end()) {
          store_.record_already_updated(r.id, t.device_id, now);
          added = true;
        }
      if (added) {
        stored = store_.updates(r.id);
        by_device.clear();
        for (const auto& u : stored) by_device[u.device_id] = &u;
      }
      std::vector<NodeUpdate> nodes(stored.begin(), stored.end());
      auto counts = count_stage(members, nodes, r.policy, now, r.stage_started_at);
      auto verdict = judge_stage(r.policy, r.stage, r.stage_started_at, counts, now);
      if (verdict.step == RolloutStep::halt &&
          store_.set_state(r.id, {RolloutState::running}, RolloutState::halted, verdict.reason, now)) {
        spdlog::warn("event=rollout_halted id={} version={} stage={} offered={} failed={} late={} silent={} reason=\"{}\"",
                     r.id, r.version, r.policy.stages[r.stage], counts.offered, counts.failed, counts.late, counts.silent,
                     verdict.reason);
        r.state = RolloutState::halted;
      } else if (verdict.step == RolloutStep::advance && store_.advance(r.id, r.stage, now)) {
        ++r.stage;
        spdlog::info("event=rollout_advanced id={} version={} stage={} reason=\"{}\"", r.id, r.version,
                     r.policy.stages[r.stage], verdict.reason);
      } else if (verdict.step == RolloutStep::complete &&
                 store_.set_state(r.id, {RolloutState::running}, RolloutState::completed, verdict.reason, now)) {
        spdlog::info("event=rollout_completed id={} version={}", r.id, r.version);
        r.state = RolloutState::completed;
      }
    }
    // Contacts of updated nodes matter while a rollout judges its stages.
    if (r.state == RolloutState::running)
      for (const auto& u : stored)
        if (u.state == UpdateState::updated) updated[u.device_id] = r.id;
    if (!classroom::offers(r.state)) {
      // A rollout that offers nothing takes back what an older one offered its devices.
      for (const auto& id : ids)
        if (auto it = offers.find(id); it != offers.end() && it->second.rollout_id < r.id) offers.erase(it);
      continue;
    }
    auto image = store_.image(r.version);
    if (!image) continue;
    FirmwareOffer offer{image->version, image->sha256, image->signature, image->size};
    for (const auto& id : stage_members(ids, r.id, r.policy.stages[r.stage])) {
      auto u = by_device.find(id);
      if (u != by_device.end() && u->second->state == UpdateState::failed) {
        offers.erase(id);
        continue;
      }
      offers[id] = Entry{r.id, offer};
    }
  }
  std::lock_guard lock(mu_);
  offers_ = std::move(offers);
  for (auto& [device, version] : versions)
    if (!version.empty()) versions_[device] = version;
  for (auto& [rollout, device, from, at] : new_offers_) offered.emplace(rollout, device);
  offered_ = std::move(offered);
  updated_ = std::move(updated);
  involved_ = std::move(involved);
}

}  // namespace classroom
