// A small router over our Request/Response. Patterns are paths whose
// segments may be ":name" parameters. The route table is inspectable, so a
// test can enumerate every route (no route escapes the authorisation checks).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "http/message.hpp"

namespace cvdhub::http {

using Handler = std::function<Response(Request&)>;

struct Route {
  std::string method;
  std::string pattern;  // e.g. "/api/v1/reports/:id"
  Handler handler;
};

class Router {
 public:
  void Add(std::string method, std::string pattern, Handler handler);
  // Runs the matching route. Unknown paths give `not_found`; a known path
  // with another method gives 405 with an Allow header.
  Response Dispatch(Request& req) const;
  void SetNotFound(Handler handler) { not_found_ = std::move(handler); }
  const std::vector<Route>& routes() const { return routes_; }

 private:
  static bool Match(const std::vector<std::string>& pattern, const std::vector<std::string_view>& path,
                    std::map<std::string, std::string>* params);

  std::vector<Route> routes_;
  std::vector<std::vector<std::string>> segments_;  // per route, split pattern
  Handler not_found_;
};

// Splits "/a/b/c" into {"a","b","c"}; a trailing slash yields a final "".
std::vector<std::string_view> SplitPath(std::string_view path);

}  // namespace cvdhub::http
