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

TEST(Metrics, LabelsJoinPairsWithCommasAndEscapeTheirValues) {
  EXPECT_EQ(Labels().add("route", "/api/esp/status").add("status", "200").text(),
            "route=\"/api/esp/status\",status=\"200\"");
  EXPECT_EQ(Labels().add("name", "a\"b\\c\nd").text(), "name=\"a\\\"b\\\\c\\nd\"");
  EXPECT_EQ(label("op", "read"), "op=\"read\"");
  // Longer than the inline buffer: kept whole.
  std::string long_value(400, 'x');
  EXPECT_EQ(Labels().add("v", long_value).text(), "v=\"" + long_value + "\"");
}

TEST(Metrics, CountersAddUpPerSeriesAndKeepEachLabelSetApart) {
  Metrics m;
  m.add("classroom_reports_total", Labels().add("outcome", "stored").text(), 3);
  m.add("classroom_reports_total", Labels().add("outcome", "stored").text());
  m.add("classroom_reports_total", Labels().add("outcome", "duplicate").text(), 2);
  m.add("classroom_plain_total", "");
  auto text = m.render();
  EXPECT_NE(text.find("classroom_reports_total{outcome=\"stored\"} 4\n"), std::string::npos) << text;
  EXPECT_NE(text.find("classroom_reports_total{outcome=\"duplicate\"} 2\n"), std::string::npos) << text;
  EXPECT_NE(text.find("classroom_plain_total 1\n"), std::string::npos) << text;
  EXPECT_EQ(text.find("# TYPE classroom_reports_total counter"), text.rfind("# TYPE classroom_reports_total counter"))
      << "one TYPE line a counter\n" << text;
}
