// The node's table of server reasons against protocol/power-reasons.txt, the one list
// the server sends from.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "server_reasons.hpp"

#ifndef POWER_REASONS_FILE
#error "POWER_REASONS_FILE must name protocol/power-reasons.txt"
#endif

namespace fw {
namespace {

struct FileReason {
  std::string name;
  std::string power;  // on, off or either
};

std::vector<FileReason> reasons_in_file() {
  std::ifstream in(POWER_REASONS_FILE);
  std::vector<FileReason> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const auto tab = line.find('\t');
    const auto tab2 = line.find('\t', tab + 1);
    out.push_back({line.substr(0, tab), line.substr(tab + 1, tab2 - tab - 1)});
  }
  return out;
}

TEST(ServerReasons, TheVocabularyFileIsReadable) {
  EXPECT_GE(reasons_in_file().size(), 10u) << POWER_REASONS_FILE;
}

TEST(ServerReasons, EveryReasonInTheFileHasAMapping) {
  for (const auto& r : reasons_in_file())
    EXPECT_NE(find_server_reason(r.name), nullptr) << "no mapping for '" << r.name << "'";
}

TEST(ServerReasons, TheTableHoldsNoReasonTheServerNeverSends) {
  std::set<std::string> names;
  for (const auto& r : reasons_in_file()) names.insert(r.name);
  for (const auto& r : kServerReasons)
    EXPECT_EQ(names.count(std::string(r.name)), 1u) << "'" << r.name << "' is not in the file";
}

TEST(ServerReasons, OnlyReasonsThatMeanOffAreIdleCuts) {
  for (const auto& r : reasons_in_file()) {
    const ServerReason* m = find_server_reason(r.name);
    if (m && m->idle_cut) {
      EXPECT_EQ(r.power, "off") << r.name;
    }
  }
  EXPECT_TRUE(is_idle_cut("idle_timeout"));
  EXPECT_FALSE(is_idle_cut("manual_override"));
}

TEST(ServerReasons, UnknownOrMisspelledReasonsAreAutoControl) {
  for (const char* s : {"", "booking_starts_soon", "manual", "Booked", "booked ", "schedule"})
    EXPECT_EQ(reason_from_server(s), PowerReason::AutoControl) << s;
}

}  // namespace
}  // namespace fw
