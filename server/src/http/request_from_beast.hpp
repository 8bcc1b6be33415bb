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

RequestPtr to_request(const BeastRequest& b, const std::string& remote);

}  // namespace classroom
