#pragma once
// The answer to every way of signing in: the token and the account.
#include "present/resources.hpp"
#include "services/accounts.hpp"

#include <boost/json/object.hpp>

namespace classroom {

inline boost::json::object session_json(const Session& s, const char* message, const date::time_zone* zone) {
  return {{"message", message},
          {"access_token", s.token},
          {"token_type", "Bearer"},
          {"expires_in", s.expires_in_s},
          {"user", user_json(s.user, zone)}};
}

}  // namespace classroom
