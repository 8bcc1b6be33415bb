#include "util/json_text.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <iterator>

namespace classroom {

namespace {

template <class Int>
void append_int(std::string& out, Int v) {
  char digits[24];
  auto end = std::to_chars(digits, digits + sizeof digits, v).ptr;
  out.append(digits, end);
}

void write_json(const boost::json::value& v, std::string& out) {
  switch (v.kind()) {
    case boost::json::kind::object: {
      out += '{';
      bool first = true;
      for (const auto& kv : v.get_object()) {
        if (!first) out += ',';
        first = false;
        append_json_string(out, kv.key());
        out += ':';
        write_json(kv.value(), out);
      }
      out += '}';
      break;
    }
    case boost::json::kind::array: {
      out += '[';
      bool first = true;
      for (const auto& e : v.get_array()) {
        if (!first) out += ',';
        first = false;
        write_json(e, out);
      }
      out += ']';
      break;
    }
    case boost::json::kind::string: append_json_string(out, v.get_string()); break;
    case boost::json::kind::int64: append_int(out, v.get_int64()); break;
    case boost::json::kind::uint64: append_int(out, v.get_uint64()); break;
    case boost::json::kind::double_: {
      double d = v.get_double();
      if (std::isfinite(d))
        fmt::format_to(std::back_inserter(out), "{}", d);
      else
        out += "null";
      break;
    }
    case boost::json::kind::bool_: out += v.get_bool() ? "true" : "false"; break;
    case boost::json::kind::null: out += "null"; break;
  }
}

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  static constexpr char hex[] = "0123456789abcdef";
  out += '"';
  std::size_t plain = 0;  // start of the run not yet copied
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + plain, i - plain);
    plain = i + 1;
    out += '\\';
    switch (c) {
      case '"': out += '"'; break;
      case '\\': out += '\\'; break;
      case '\b': out += 'b'; break;
      case '\f': out += 'f'; break;
      case '\n': out += 'n'; break;
      case '\r': out += 'r'; break;
      case '\t': out += 't'; break;
      default:
        out += "u00";
        out += hex[c >> 4];
        out += hex[c & 0xf];
    }
  }
  out.append(s.data() + plain, s.size() - plain);
  out += '"';
}

std::string to_json_text(const boost::json::value& v) {
  std::string out;
  write_json(v, out);
  return out;
}

boost::json::array string_array(const std::vector<std::string>& items) {
  boost::json::array out;
  for (const auto& s : items) out.emplace_back(s);
  return out;
}

void JsonObjectText::key(std::string_view k) {
  if (text_.size() > 1) text_ += ',';
  append_json_string(text_, k);
  text_ += ':';
}

JsonObjectText& JsonObjectText::add(std::string_view k, std::string_view value) {
  key(k);
  append_json_string(text_, value);
  return *this;
}

JsonObjectText& JsonObjectText::add(std::string_view k, bool value) {
  key(k);
  text_ += value ? "true" : "false";
  return *this;
}

JsonObjectText& JsonObjectText::add(std::string_view k, std::int64_t value) {
  key(k);
  append_int(text_, value);
  return *this;
}

JsonObjectText& JsonObjectText::add(std::string_view k, const boost::json::value& value) {
  key(k);
  write_json(value, text_);
  return *this;
}

std::string JsonObjectText::finish() && {
  text_ += '}';
  return std::move(text_);
}

}  // namespace classroom
