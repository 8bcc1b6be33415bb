#include "live/journal.hpp"

#include "auth/secrets.hpp"
#include "util/json_text.hpp"

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <system_error>
#include <unistd.h>

namespace classroom {

namespace json = boost::json;

namespace {

template <class T>
json::value opt(const std::optional<T>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}
std::optional<std::int64_t> opt_i64(const json::object& o, const char* k) {
  auto* v = o.if_contains(k);
  if (!v || v->is_null()) return std::nullopt;
  return v->to_number<std::int64_t>();
}
std::optional<double> opt_double(const json::object& o, const char* k) {
  auto* v = o.if_contains(k);
  if (!v || v->is_null()) return std::nullopt;
  return v->to_number<double>();
}
std::string str(const json::object& o, const char* k) { return std::string(o.at(k).as_string()); }
std::int64_t i64(const json::object& o, const char* k) { return o.at(k).to_number<std::int64_t>(); }

json::object to_json(const StatusWrite& w) {
  return {{"t", "status"}, {"room", opt(w.classroom_id)}, {"device", w.device_id}, {"occ", w.is_occupied},
          {"pow", w.is_power_on}, {"move", opt(w.last_movement)}, {"temp", opt(w.temperature)},
          {"reason", w.power_reason}, {"at", w.at}, {"dt", opt(w.device_time)}, {"seq", opt(w.seq)}, {"pw", opt(w.power_w)}};
}
json::object to_json(const PowerLogWrite& w) {
  return {{"t", "power"}, {"room", opt(w.classroom_id)}, {"device", w.device_id}, {"pow", w.power_on},
          {"reason", w.reason}, {"source", w.source}, {"user", opt(w.user_id)}, {"cmd", opt(w.command_id)},
          {"at", w.at}, {"dt", opt(w.device_time)}};
}
json::object to_json(const DeviceSeen& w) {
  return {{"t", "seen"},        {"device", w.device_id},          {"at", w.at},
          {"fw", w.firmware_version}, {"rssi", opt(w.health.rssi)}, {"up", opt(w.health.uptime_s)},
          {"heap", opt(w.health.free_heap)}, {"reset", w.health.reset_reason}};
}
json::object to_json(const Connectivity& w) { return {{"t", "conn"}, {"device", w.device_id}, {"on", w.connected}}; }
json::object to_json(const CommandApplied& w) { return {{"t", "applied"}, {"cmd", w.command_id}, {"at", w.at}}; }
json::object to_json(const EventWrite& w) {
  return {{"t", "event"}, {"event", w.event}, {"key", w.order_key}, {"payload", w.payload}, {"at", w.at}};
}

void write_all(int fd, const std::string& data) {
  const char* p = data.data();
  std::size_t left = data.size();
  while (left > 0) {
    auto n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw std::system_error(errno, std::generic_category(), "journal write");
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  if (::fdatasync(fd) != 0) throw std::system_error(errno, std::generic_category(), "journal fsync");
}

}  // namespace

std::string journal_line(const NodeWrite& w) {
  return std::visit([](const auto& x) { return to_json_text(to_json(x)); }, w) + "\n";
}

std::optional<NodeWrite> parse_journal_line(const std::string& line) {
  boost::system::error_code ec;
  auto v = json::parse(line, ec);
  if (ec || !v.is_object()) return std::nullopt;
  const auto& o = v.as_object();
  try {
    auto t = str(o, "t");
    if (t == "status")
      return StatusWrite{opt_i64(o, "room"), str(o, "device"), o.at("occ").as_bool(), o.at("pow").as_bool(),
                         opt_i64(o, "move"), opt_double(o, "temp"), str(o, "reason"), i64(o, "at"),
                         opt_i64(o, "dt"), opt_i64(o, "seq"), opt_double(o, "pw")};
    if (t == "power")
      return PowerLogWrite{opt_i64(o, "room"), str(o, "device"), o.at("pow").as_bool(), str(o, "reason"),
                           str(o, "source"), opt_i64(o, "user"), opt_i64(o, "cmd"), i64(o, "at"), opt_i64(o, "dt")};
    if (t == "seen")
      return DeviceSeen{str(o, "device"), i64(o, "at"), str(o, "fw"),
                        NodeHealth{opt_i64(o, "rssi"), opt_i64(o, "up"), opt_i64(o, "heap"),
                                   o.contains("reset") ? str(o, "reset") : std::string()}};
    if (t == "conn") return Connectivity{str(o, "device"), o.at("on").as_bool()};
    if (t == "applied") return CommandApplied{i64(o, "cmd"), i64(o, "at")};
    if (t == "event") return EventWrite{str(o, "event"), str(o, "key"), str(o, "payload"), i64(o, "at")};
  } catch (const std::exception&) {
  }
  return std::nullopt;
}

Journal::Journal(std::string dir, std::uint64_t max_bytes, const std::string& file) : max_bytes_(max_bytes) {
  std::filesystem::create_directories(dir);
  path_ = dir + "/" + file;
  std::ifstream in(path_);
  std::string header;
  if (in && std::getline(in, header)) {
    boost::system::error_code ec;
    auto v = json::parse(header, ec);
    if (!ec && v.is_object() && v.as_object().contains("journal")) {
      id_ = std::string(v.as_object().at("journal").as_string());
      header_size_ = header.size() + 1;
    }
  }
  if (id_.empty()) {
    create();
    return;
  }
  // A record torn by a crash (never answered: the fsync came after it) is cut off, so
  // the next append starts on a line of its own.
  size_ = static_cast<std::uint64_t>(std::filesystem::file_size(path_));
  {
    std::ifstream tail(path_, std::ios::binary);
    std::string content((std::istreambuf_iterator<char>(tail)), std::istreambuf_iterator<char>());
    auto last = content.rfind('\n');
    auto whole = last == std::string::npos ? 0 : last + 1;
    if (whole < content.size()) {
      spdlog::warn("event=journal_torn_record_dropped bytes={}", content.size() - whole);
      std::filesystem::resize_file(path_, whole);
      size_ = whole;
    }
  }
  fd_ = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
  if (fd_ < 0) throw std::system_error(errno, std::generic_category(), "open " + path_);
}

Journal::~Journal() {
  if (fd_ >= 0) ::close(fd_);
}

void Journal::create() {
  if (fd_ >= 0) ::close(fd_);
  id_ = random_token(12);
  std::string tmp = path_ + ".new";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) throw std::system_error(errno, std::generic_category(), "open " + tmp);
  std::string header = to_json_text(json::object{{"journal", id_}}) + "\n";
  write_all(fd, header);
  ::close(fd);
  std::filesystem::rename(tmp, path_);
  fd_ = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
  if (fd_ < 0) throw std::system_error(errno, std::generic_category(), "open " + path_);
  header_size_ = size_ = header.size();
}

bool Journal::append(const std::vector<NodeWrite>& writes) {
  std::string data;
  for (const auto& w : writes) data += journal_line(w);
  if (size_ + data.size() > max_bytes_) return false;
  write_all(fd_, data);
  size_ += data.size();
  return true;
}

Journal::Chunk Journal::read(std::uint64_t offset, std::size_t n) const {
  Chunk out;
  out.next = std::max(offset, header_size_);
  std::ifstream in(path_, std::ios::binary);
  in.seekg(static_cast<std::streamoff>(out.next));
  std::string line;
  while (out.writes.size() < n && out.next < size_ && std::getline(in, line)) {
    out.next += line.size() + 1;
    if (auto w = parse_journal_line(line)) out.writes.push_back(std::move(*w));
    else spdlog::error("event=journal_record_unreadable offset={}", out.next - line.size() - 1);
  }
  return out;
}

void Journal::reset() { create(); }

}  // namespace classroom
