#pragma once
// The plain Request the handlers see, made from the request Beast parsed: path, query
// parameters, lower-case header names, body. Included only where Beast already is (the
// listener, and the fuzz target that feeds it arbitrary bytes).
#include "http/message.hpp"

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <string>

namespace classroom {

using BeastRequest = boost::beast::http::request<boost::beast::http::string_body>;

// Takes the body out of `b` (moved, not copied); the rest of `b` is left as it was.
RequestPtr to_request(BeastRequest& b, const std::string& remote);

}  // namespace classroom
