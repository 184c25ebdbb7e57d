#include "http/message.hpp"

namespace cvdhub::http {

std::string_view Request::Header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (k == name) return v;
  }
  return {};
}

std::string_view Request::Query(std::string_view name) const {
  auto it = query.find(std::string(name));
  return it == query.end() ? std::string_view{} : std::string_view(it->second);
}

std::string_view Request::Param(std::string_view name) const {
  auto it = params.find(std::string(name));
  return it == params.end() ? std::string_view{} : std::string_view(it->second);
}

std::string_view Response::Header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (k == name) return v;
  }
  return {};
}

Response Response::Json(int status, std::string body) {
  Response r{.status = status, .body = std::move(body)};
  r.Set("Content-Type", "application/json; charset=utf-8");
  return r;
}

Response Response::Html(int status, std::string body) {
  Response r{.status = status, .body = std::move(body)};
  r.Set("Content-Type", "text/html; charset=utf-8");
  return r;
}

Response Response::Redirect(std::string location) {
  Response r{.status = 303};
  r.Set("Location", std::move(location));
  return r;
}

}  // namespace cvdhub::http
