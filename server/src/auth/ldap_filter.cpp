#include "auth/ldap_filter.hpp"

#include <cstdio>

namespace classroom {

std::string ldap_escape_filter_value(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '*' || c == '(' || c == ')' || c == '\\' || c == '\0') {
      char hex[4];
      std::snprintf(hex, sizeof hex, "\\%02x", static_cast<unsigned char>(c));
      out += hex;
    } else {
      out += c;
    }
  }
  return out;
}

std::string ldap_fill_filter(std::string_view pattern, std::string_view name, std::string_view value) {
  std::string placeholder = "{" + std::string(name) + "}";
  std::string escaped = ldap_escape_filter_value(value);
  std::string out(pattern);
  for (auto p = out.find(placeholder); p != std::string::npos; p = out.find(placeholder, p + escaped.size()))
    out.replace(p, placeholder.size(), escaped);
  return out;
}

}  // namespace classroom
