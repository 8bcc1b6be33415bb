#include "http/router.hpp"

#include "http/errors.hpp"

#include <boost/container/small_vector.hpp>

#include <stdexcept>

namespace classroom {

namespace {
// A path's segments, in place for paths of up to eight (every route's): matching a
// request allocates nothing.
boost::container::small_vector<std::string_view, 8> split(std::string_view path) {
  boost::container::small_vector<std::string_view, 8> out;
  std::size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') { ++i; continue; }
    auto j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    out.push_back(path.substr(i, j - i));
    i = j;
  }
  return out;
}
}  // namespace

void Router::add(Route r) {
  Entry e{std::move(r), {}};
  for (auto s : split(e.route.pattern)) e.segments.emplace_back(s);
  entries_.push_back(std::move(e));
}

void Router::add(std::string method, std::string pattern, Access access, SyncHandler h) {
  add(Route{std::move(method), std::move(pattern), access, std::move(h), {}});
}

void Router::add_async(std::string method, std::string pattern, Access access, AsyncHandler h) {
  add(Route{std::move(method), std::move(pattern), access, {}, std::move(h)});
}

void Router::wrap(std::string_view method, std::string_view pattern,
                  const std::function<SyncHandler(SyncHandler)>& with) {
  for (auto& e : entries_)
    if (e.route.method == method && e.route.pattern == pattern && e.route.sync) {
      e.route.sync = with(std::move(e.route.sync));
      return;
    }
  throw std::logic_error("no blocking route " + std::string(method) + " " + std::string(pattern));
}

bool Router::match_path(const Entry& e, std::span<const std::string_view> parts,
                        std::map<std::string, std::string>* params) {
  if (e.segments.size() != parts.size()) return false;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const auto& seg = e.segments[i];
    if (seg.size() > 2 && seg.front() == '{' && seg.back() == '}') {
      if (params) (*params)[seg.substr(1, seg.size() - 2)] = std::string(parts[i]);
    } else if (seg != parts[i]) {
      return false;
    }
  }
  return true;
}

Router::Match Router::match(std::string_view method, std::string_view path) const {
  auto parts = split(path);
  std::string allow;
  for (const auto& e : entries_) {
    std::map<std::string, std::string> params;
    if (!match_path(e, parts, &params)) continue;
    if (e.route.method == method) return Match{&e.route, std::move(params)};
    if (!allow.empty()) allow += ", ";
    allow += e.route.method;
  }
  if (allow.empty()) throw NotFound("No route for " + std::string(path));
  HttpError err(405, "Method not allowed", std::string(method) + " is not allowed here; use " + allow);
  err.headers.emplace_back("Allow", allow);
  throw err;
}

std::vector<std::string> Router::methods_for(std::string_view path) const {
  auto parts = split(path);
  std::vector<std::string> out;
  for (const auto& e : entries_)
    if (match_path(e, parts, nullptr)) out.push_back(e.route.method);
  return out;
}

std::vector<const Route*> Router::routes() const {
  std::vector<const Route*> out;
  for (const auto& e : entries_) out.push_back(&e.route);
  return out;
}

}  // namespace classroom
