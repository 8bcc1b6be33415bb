// The server's reasons are exactly those of protocol/power-reasons.txt, which the
// firmware and the web app map from: this fails when one side drifts.
#include "domain/power_reason.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <string>

using namespace classroom;

TEST(PowerReasons, MatchTheSharedVocabulary) {
  std::ifstream in(PROTOCOL_DIR "/power-reasons.txt");
  ASSERT_TRUE(in) << "cannot read " PROTOCOL_DIR "/power-reasons.txt";
  std::set<std::string> listed;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    listed.insert(line.substr(0, line.find('\t')));
  }
  std::set<std::string> ours;
  for (const auto& [reason, name] : kPowerReasons) {
    ours.insert(std::string(name));
    EXPECT_EQ(parse_reason(name), reason) << name;
  }
  EXPECT_EQ(ours, listed);
  EXPECT_FALSE(parse_reason("booking_starts_soon").has_value()) << "not a reason the server sends";
}
