#pragma once
// Route table: method + pattern ("/api/admin/users/{id}") + who may call it + handler.
// Matching is a pure function of the table, tested without sockets.
#include "http/message.hpp"

#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace classroom {

// Who may call a route; checked by the dispatcher before the handler runs.
enum class Access {
  open,    // anyone
  device,  // X-Device-ID + X-API-Key of an active node
  user,    // any signed-in account
  staff,   // staff or admin
  admin,
};

// Blocking handlers run on the worker pool (they may query the database);
// async handlers run on the network thread and must not block.
using SyncHandler = std::function<Response(Request&)>;
using AsyncHandler = std::function<void(RequestPtr, Reply)>;

struct Route {
  std::string method;
  std::string pattern;
  Access access = Access::open;
  SyncHandler sync;
  AsyncHandler async;
};

class Router {
 public:
  void add(Route r);
  void add(std::string method, std::string pattern, Access access, SyncHandler h);
  void add_async(std::string method, std::string pattern, Access access, AsyncHandler h);
  // Puts something in front of a blocking route's handler (a cache); throws
  // std::logic_error when no such route was added.
  void wrap(std::string_view method, std::string_view pattern, const std::function<SyncHandler(SyncHandler)>& with);

  struct Match {
    const Route* route = nullptr;
    std::map<std::string, std::string> params;
  };
  // 404 when no pattern matches the path, 405 (with an Allow header) when one does
  // but not for this method; both thrown as HttpError.
  Match match(std::string_view method, std::string_view path) const;
  // Methods registered for a path (for CORS preflight); empty when none.
  std::vector<std::string> methods_for(std::string_view path) const;
  // Every route in the order added (for the test that holds the API description to the table).
  std::vector<const Route*> routes() const;

 private:
  struct Entry {
    Route route;
    std::vector<std::string> segments;  // "{name}" marks a parameter
  };
  static bool match_path(const Entry& e, std::span<const std::string_view> parts,
                         std::map<std::string, std::string>* params);
  std::vector<Entry> entries_;
};

}  // namespace classroom
