#pragma once
// Compact JSON text with doubles in their shortest plain form (21.5, not 2.15E1):
// Boost.JSON 1.81 writes 21.5 as "2.15E1". The one JSON writer for answers and events.
#include <boost/json/array.hpp>
#include <boost/json/value.hpp>

#include <string>
#include <vector>

namespace classroom {

std::string to_json_text(const boost::json::value& v);
// ["a", "b"] from a list of strings.
boost::json::array string_array(const std::vector<std::string>& items);

}  // namespace classroom
