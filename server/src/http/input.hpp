#pragma once
// Reading a JSON request body: every failure is a BadRequest that names the field.
#include <boost/json/monotonic_resource.hpp>
#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace classroom {

// Parses `body` as a JSON object: "broken JSON" and "not an object" are 400s.
boost::json::object parse_object(std::string_view body, boost::json::storage_ptr sp = {});

class Input {
 public:
  explicit Input(const boost::json::object& o) : o_(o) {}
  explicit Input(std::string_view body);

  bool has(std::string_view field) const;  // present and not null

  std::string str(std::string_view field, std::size_t max_len = 255) const;  // required, non-empty
  std::optional<std::string> opt_str(std::string_view field, std::size_t max_len = 255) const;
  bool boolean(std::string_view field) const;
  std::optional<bool> opt_bool(std::string_view field) const;
  std::int64_t integer(std::string_view field, std::int64_t min, std::int64_t max) const;
  std::optional<std::int64_t> opt_int(std::string_view field, std::int64_t min, std::int64_t max) const;
  std::optional<double> opt_number(std::string_view field, double min, double max) const;
  // Read from it in place: a copy of a value in it would share the arena below, which
  // goes with this Input.
  const boost::json::object& object() const { return o_; }

 private:
  // A parsed body's tree lives in the arena: a node's report (under 300 bytes) takes no
  // allocation, a larger body spills to the heap.
  unsigned char buffer_[1024];
  boost::json::monotonic_resource arena_{buffer_, sizeof buffer_};
  boost::json::object owned_;
  const boost::json::object& o_;
};

// Query string numbers, e.g. ?page=2: absent → fallback, malformed → 400.
std::int64_t query_int(const std::optional<std::string>& v, std::string_view name,
                       std::int64_t fallback, std::int64_t min, std::int64_t max);

// A plausible e-mail address: one '@', a dot in the domain, no spaces.
bool looks_like_email(std::string_view s);

}  // namespace classroom
