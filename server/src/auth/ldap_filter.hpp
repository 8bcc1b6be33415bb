#pragma once
// Building LDAP search filters from what a user typed: the value is escaped as RFC 4515
// says, so `*)(uid=*` is a name to look up, never a filter to run.
#include <string>
#include <string_view>

namespace classroom {

// '*', '(', ')', '\' and NUL become \2a, \28, \29, \5c, \00.
std::string ldap_escape_filter_value(std::string_view value);
// Every `{name}` in `pattern` is replaced by the escaped `value` ("(uid={username})").
std::string ldap_fill_filter(std::string_view pattern, std::string_view name, std::string_view value);

}  // namespace classroom
