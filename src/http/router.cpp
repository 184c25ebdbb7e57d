#include "http/router.hpp"

namespace cvdhub::http {

std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> out;
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  while (true) {
    auto slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

void Router::Add(std::string method, std::string pattern, Handler handler) {
  std::vector<std::string> segs;
  for (auto s : SplitPath(pattern)) segs.emplace_back(s);
  segments_.push_back(std::move(segs));
  routes_.push_back({std::move(method), std::move(pattern), std::move(handler)});
}

bool Router::Match(const std::vector<std::string>& pattern, const std::vector<std::string_view>& path,
                   std::map<std::string, std::string>* params) {
  if (pattern.size() != path.size()) return false;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const auto& p = pattern[i];
    if (!p.empty() && p.front() == ':') {
      if (path[i].empty()) return false;
      if (params != nullptr) (*params)[p.substr(1)] = std::string(path[i]);
    } else if (p != path[i]) {
      return false;
    }
  }
  return true;
}

Response Router::Dispatch(Request& req) const {
  const auto path = SplitPath(req.path);
  std::string allow;
  for (std::size_t i = 0; i < routes_.size(); ++i) {
    if (!Match(segments_[i], path, nullptr)) continue;
    const bool head_as_get = req.method == "HEAD" && routes_[i].method == "GET";
    if (routes_[i].method == req.method || head_as_get) {
      Match(segments_[i], path, &req.params);
      return routes_[i].handler(req);
    }
    // Several patterns may match one path (":id" and "new"); list each method once.
    bool listed = false;
    for (std::size_t j = 0; j < i && !listed; ++j) {
      listed = routes_[j].method == routes_[i].method && Match(segments_[j], path, nullptr);
    }
    if (listed) continue;
    if (!allow.empty()) allow += ", ";
    allow += routes_[i].method;
  }
  if (!allow.empty()) {
    Response r = Response::Json(405, R"({"error":{"code":"method_not_allowed","message":"method not allowed"}})");
    r.Set("Allow", allow);
    return r;
  }
  if (not_found_) return not_found_(req);
  return Response::Json(404, R"({"error":{"code":"not_found","message":"not found"}})");
}

}  // namespace cvdhub::http
