#pragma once
// Compact JSON text with doubles in their shortest plain form (21.5, not 2.15E1):
// Boost.JSON 1.81 writes 21.5 as "2.15E1". The one JSON writer for answers and events.
#include <boost/json/value.hpp>

#include <string>

namespace classroom {

std::string to_json_text(const boost::json::value& v);

}  // namespace classroom
