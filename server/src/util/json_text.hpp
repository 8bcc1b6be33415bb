#pragma once
// Compact JSON text with doubles in their shortest plain form (21.5, not 2.15E1):
// Boost.JSON 1.81 writes 21.5 as "2.15E1". The one JSON writer for answers and events.
// Written straight into one string: no temporary string per key or scalar.
#include <boost/json/array.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace classroom {

std::string to_json_text(const boost::json::value& v);
// ["a", "b"] from a list of strings.
boost::json::array string_array(const std::vector<std::string>& items);

// `s` as a JSON string, quotes and escapes as Boost.JSON writes them, appended to `out`.
void append_json_string(std::string& out, std::string_view s);

// A flat JSON object written field by field, for an answer sent so often that building
// a tree first costs more than the answer (the node report's).
class JsonObjectText {
 public:
  JsonObjectText() { text_.reserve(256); text_ += '{'; }
  JsonObjectText& add(std::string_view key, std::string_view value);
  JsonObjectText& add(std::string_view key, const char* value) { return add(key, std::string_view(value)); }
  JsonObjectText& add(std::string_view key, bool value);
  JsonObjectText& add(std::string_view key, std::int64_t value);
  JsonObjectText& add(std::string_view key, int value) { return add(key, std::int64_t{value}); }
  JsonObjectText& add(std::string_view key, const boost::json::value& value);  // nested
  std::string finish() &&;

 private:
  void key(std::string_view k);
  std::string text_;
};

}  // namespace classroom
