#include "util/metrics.hpp"

#include <gtest/gtest.h>

using namespace classroom;

TEST(Metrics, HistogramsCountCumulativelyPerBucketWithSumAndCount) {
  Histogram h;
  h.observe(0.0003);  // first bucket (≤ 0.5 ms)
  h.observe(0.003);   // ≤ 5 ms
  h.observe(0.005);   // on a bound: counted in it
  h.observe(10);      // beyond the last bound: only +Inf
  Metrics m;
  m.histogram("classroom_db_seconds", "Database calls", label("op", "read"), h);
  auto text = m.render();
  EXPECT_NE(text.find("# TYPE classroom_db_seconds histogram\n"), std::string::npos) << text;
  EXPECT_NE(text.find("classroom_db_seconds_bucket{op=\"read\",le=\"0.0005\"} 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("classroom_db_seconds_bucket{op=\"read\",le=\"0.0025\"} 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("classroom_db_seconds_bucket{op=\"read\",le=\"0.005\"} 3\n"), std::string::npos) << text;
  EXPECT_NE(text.find("classroom_db_seconds_bucket{op=\"read\",le=\"5\"} 3\n"), std::string::npos) << text;
  EXPECT_NE(text.find("classroom_db_seconds_bucket{op=\"read\",le=\"+Inf\"} 4\n"), std::string::npos) << text;
  EXPECT_NE(text.find("classroom_db_seconds_count{op=\"read\"} 4\n"), std::string::npos) << text;
  EXPECT_NE(text.find("classroom_db_seconds_sum{op=\"read\"} 10.0083"), std::string::npos) << text;
}
