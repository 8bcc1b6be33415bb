#include "http/errors.hpp"
#include "http/input.hpp"

#include <gtest/gtest.h>

using namespace classroom;

namespace {
std::string field_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const BadRequest& e) {
    return e.field();
  }
  return "<no error>";
}
}  // namespace

TEST(Input, BrokenOrNonObjectBodiesNameTheBody) {
  for (auto body : {"", "{", "[]", "1", "\"s\"", "null", "{\"a\":}"})
    EXPECT_EQ(field_of([&] { Input in(body); }), "body") << body;
}

TEST(Input, RequiredStringsMustBePresentNonEmptyAndShort) {
  Input in(R"({"a":"x","b":"   ","c":5,"d":null,"e":"toolong"})");
  EXPECT_EQ(in.str("a"), "x");
  EXPECT_EQ(field_of([&] { in.str("b"); }), "b");
  EXPECT_EQ(field_of([&] { in.str("c"); }), "c");
  EXPECT_EQ(field_of([&] { in.str("d"); }), "d");
  EXPECT_EQ(field_of([&] { in.str("missing"); }), "missing");
  EXPECT_EQ(field_of([&] { in.str("e", 3); }), "e");
  EXPECT_FALSE(in.opt_str("d").has_value());
}

TEST(Input, IntegersAndBooleansAreTypeChecked) {
  Input in(R"({"n":5,"f":2.0,"g":2.5,"s":"5","b":true,"big":1e30,"neg":-1})");
  EXPECT_EQ(in.integer("n", 0, 10), 5);
  EXPECT_EQ(in.integer("f", 0, 10), 2);
  EXPECT_EQ(field_of([&] { in.integer("g", 0, 10); }), "g");
  EXPECT_EQ(field_of([&] { in.integer("s", 0, 10); }), "s");
  EXPECT_EQ(field_of([&] { in.integer("big", 0, 10); }), "big");
  EXPECT_EQ(field_of([&] { in.integer("neg", 0, 10); }), "neg");
  EXPECT_TRUE(in.boolean("b"));
  EXPECT_EQ(field_of([&] { in.boolean("n"); }), "n");
}

TEST(Input, NumbersRejectOutOfRange) {
  Input in(R"({"t":21.5,"hot":500})");
  EXPECT_DOUBLE_EQ(*in.opt_number("t", -50, 100), 21.5);
  EXPECT_EQ(field_of([&] { in.opt_number("hot", -50, 100); }), "hot");
}

TEST(Input, EmailShape) {
  EXPECT_TRUE(looks_like_email("a@b.org"));
  for (auto bad : {"", "a", "a@b", "@b.org", "a@@b.org", "a b@c.org", "a@.org", "a@b."})
    EXPECT_FALSE(looks_like_email(bad)) << bad;
}

TEST(Input, QueryIntegers) {
  EXPECT_EQ(query_int(std::nullopt, "page", 1, 1, 100), 1);
  EXPECT_EQ(query_int(std::string("7"), "page", 1, 1, 100), 7);
  EXPECT_THROW(query_int(std::string("x"), "page", 1, 1, 100), BadRequest);
  EXPECT_THROW(query_int(std::string("0"), "page", 1, 1, 100), BadRequest);
  EXPECT_THROW(query_int(std::string("7z"), "page", 1, 1, 100), BadRequest);
}
