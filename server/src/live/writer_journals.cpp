#include "live/writer_journals.hpp"

#include "live/journal.hpp"

#include <spdlog/spdlog.h>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <limits>
#include <map>
#include <memory>
#include <system_error>
#include <vector>

namespace classroom {

namespace fs = std::filesystem;

std::string device_of(const NodeWrite& w) {
  return std::visit([](const auto& x) -> std::string {
    if constexpr (requires { x.device_id; }) return x.device_id;
    else return "";
  }, w);
}

std::size_t writer_of(const std::string& device, std::size_t writers) {
  return std::hash<std::string>{}(device) % writers;
}

std::string journal_file(std::size_t index) {
  return index == 0 ? std::string("node-writes.journal") : "node-writes-" + std::to_string(index) + ".journal";
}

namespace {

constexpr const char* kCommitMarker = "dealt.commit";
constexpr const char* kNext = ".next";
constexpr auto kUnbounded = std::numeric_limits<std::uint64_t>::max();

// The writer journals in DIR by writer index, also those of writers there are no longer.
std::map<std::size_t, std::string> journal_files(const fs::path& dir) {
  std::map<std::size_t, std::string> out;
  for (const auto& entry : fs::directory_iterator(dir)) {
    auto name = entry.path().filename().string();
    if (name == journal_file(0)) {
      out[0] = name;
      continue;
    }
    constexpr std::string_view head = "node-writes-", tail = ".journal";
    if (name.size() <= head.size() + tail.size() || !name.starts_with(head) || !name.ends_with(tail)) continue;
    std::size_t index = 0;
    const char* first = name.data() + head.size();
    const char* last = name.data() + name.size() - tail.size();
    auto [end, ec] = std::from_chars(first, last, index);
    if (ec == std::errc{} && end == last && index > 0) out[index] = name;
  }
  return out;
}

void sync_dir(const fs::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) throw std::system_error(errno, std::generic_category(), "open " + dir.string());
  int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) throw std::system_error(errno, std::generic_category(), "fsync " + dir.string());
}

// The committed deal takes the old journals' place; run again after a crash, it finishes.
void commit(const fs::path& dir, std::size_t writers) {
  for (std::size_t i = 0; i < writers; ++i)
    if (auto next = dir / (journal_file(i) + kNext); fs::exists(next)) fs::rename(next, dir / journal_file(i));
  for (const auto& [index, name] : journal_files(dir))
    if (index >= writers) fs::remove(dir / name);
  sync_dir(dir);
  fs::remove(dir / kCommitMarker);
  sync_dir(dir);
}

}  // namespace

std::size_t deal_journals(const std::string& dir_name, std::size_t writers,
                          const std::function<std::int64_t(const std::string&)>& replayed_to) {
  const fs::path dir(dir_name);
  if (!fs::is_directory(dir)) return 0;
  if (fs::exists(dir / kCommitMarker)) {
    commit(dir, writers);  // a deal committed before a crash
    return 0;
  }
  for (std::size_t i = 0; i < writers; ++i) fs::remove(dir / (journal_file(i) + kNext));  // a deal never committed

  // Each journal's pending writes a chunk at a time (a journal may hold hundreds of MB),
  // sorted by the writer each belongs to now; a write about no device goes with the one
  // before it, as it was submitted.
  constexpr std::size_t kChunk = 4096;
  auto each_chunk = [&](auto&& take) {
    for (const auto& [index, name] : journal_files(dir)) {
      Journal journal(dir_name, kUnbounded, name);
      auto stored = static_cast<std::uint64_t>(std::max<std::int64_t>(replayed_to(journal.id()), 0));
      std::size_t to = index < writers ? index : 0;
      for (auto offset = std::max(stored, journal.first_record()); offset < journal.end();) {
        auto chunk = journal.read(offset, kChunk);
        if (chunk.writes.empty()) break;
        std::vector<std::vector<NodeWrite>> by_writer(writers);
        for (auto& w : chunk.writes) {
          if (auto device = device_of(w); !device.empty()) to = writer_of(device, writers);
          by_writer[to].push_back(std::move(w));
        }
        take(index, by_writer);
        offset = chunk.next;
      }
    }
  };
  bool foreign = false;
  each_chunk([&](std::size_t index, const std::vector<std::vector<NodeWrite>>& by_writer) {
    for (std::size_t i = 0; i < writers; ++i) foreign = foreign || (i != index && !by_writer[i].empty());
  });
  if (!foreign) return 0;

  std::vector<std::unique_ptr<Journal>> next;
  for (std::size_t i = 0; i < writers; ++i)
    next.push_back(std::make_unique<Journal>(dir_name, kUnbounded, journal_file(i) + kNext));
  std::size_t total = 0;
  each_chunk([&](std::size_t, const std::vector<std::vector<NodeWrite>>& by_writer) {
    for (std::size_t i = 0; i < writers; ++i) {
      if (!by_writer[i].empty() && !next[i]->append(by_writer[i]))
        throw std::runtime_error("cannot write " + journal_file(i) + kNext);
      total += by_writer[i].size();
    }
  });
  next.clear();
  {
    int fd = ::open((dir / kCommitMarker).c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) throw std::system_error(errno, std::generic_category(), "create the deal's commit marker");
    int rc = ::fsync(fd);
    ::close(fd);
    if (rc != 0) throw std::system_error(errno, std::generic_category(), "fsync the deal's commit marker");
  }
  sync_dir(dir);
  commit(dir, writers);
  spdlog::info("event=journals_dealt writers={} writes={}", writers, total);
  return total;
}

}  // namespace classroom
