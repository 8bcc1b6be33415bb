#include "http/request_from_beast.hpp"

#include <boost/url/parse.hpp>

#include <cctype>
#include <iterator>

namespace classroom {

RequestPtr to_request(BeastRequest& b, const std::string& remote) {
  auto req = std::make_shared<Request>();
  req->method = std::string(b.method_string());
  auto target = std::string_view(b.target());
  auto q = target.find('?');
  req->path = std::string(target.substr(0, q));
  if (q != std::string_view::npos) {
    if (auto url = boost::urls::parse_origin_form(target))
      for (auto p : url->params()) req->query[std::string(p.key)] = std::string(p.value);
  }
  req->headers.reserve(static_cast<std::size_t>(std::distance(b.begin(), b.end())));
  for (const auto& f : b) {
    std::string name(f.name_string());
    for (auto& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    req->headers.emplace_back(std::move(name), std::string(f.value()));
  }
  req->body = std::move(b.body());
  req->remote = remote;
  return req;
}

}  // namespace classroom
