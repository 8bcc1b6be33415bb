#include "ArduinoJson.h"

#include <boost/json/parse.hpp>
#include <limits>

JsonVariantConst JsonArrayConst::iterator::operator*() const { return JsonVariantConst(p_); }

JsonVariantConst JsonVariantConst::operator[](const char* key) const {
  if (!v_ || !v_->is_object()) return JsonVariantConst();
  return JsonVariantConst(v_->get_object().if_contains(key));
}

namespace {
bool in_range(const boost::json::value* v, long long lo, long long hi) {
  if (!v) return false;
  if (v->is_int64()) return v->get_int64() >= lo && v->get_int64() <= hi;
  if (v->is_uint64()) return v->get_uint64() <= static_cast<unsigned long long>(hi);
  return false;
}
long long to_ll(const boost::json::value* v) {
  if (v && v->is_int64()) return v->get_int64();
  if (v && v->is_uint64()) return static_cast<long long>(v->get_uint64());
  return 0;
}
}  // namespace

template <> bool JsonVariantConst::is<bool>() const { return v_ && v_->is_bool(); }
template <> bool JsonVariantConst::is<long long>() const {
  return in_range(v_, std::numeric_limits<long long>::min(), std::numeric_limits<long long>::max());
}
template <> bool JsonVariantConst::is<long>() const {
  return in_range(v_, std::numeric_limits<long>::min(), std::numeric_limits<long>::max());
}
template <> bool JsonVariantConst::is<int>() const {
  return in_range(v_, std::numeric_limits<int>::min(), std::numeric_limits<int>::max());
}
template <> bool JsonVariantConst::is<const char*>() const { return v_ && v_->is_string(); }
template <> bool JsonVariantConst::is<JsonObjectConst>() const { return v_ && v_->is_object(); }
template <> bool JsonVariantConst::is<JsonArrayConst>() const { return v_ && v_->is_array(); }
template <> bool JsonVariantConst::as<bool>() const { return v_ && v_->is_bool() && v_->get_bool(); }
template <> long long JsonVariantConst::as<long long>() const { return to_ll(v_); }
template <> long JsonVariantConst::as<long>() const { return static_cast<long>(to_ll(v_)); }
template <> int JsonVariantConst::as<int>() const { return static_cast<int>(to_ll(v_)); }
template <> const char* JsonVariantConst::as<const char*>() const {
  return v_ && v_->is_string() ? v_->get_string().c_str() : nullptr;
}
template <> JsonArrayConst JsonVariantConst::as<JsonArrayConst>() const {
  return JsonArrayConst(v_ && v_->is_array() ? &v_->get_array() : nullptr);
}

DeserializationError deserializeJson(JsonDocument& doc, const String& input) {
  if (input.isEmpty()) return DeserializationError::EmptyInput;
  boost::system::error_code ec;
  doc.value() = boost::json::parse(input.c_str(), ec);
  if (ec) {
    doc.value() = nullptr;
    return DeserializationError::InvalidInput;
  }
  return DeserializationError::Ok;
}
