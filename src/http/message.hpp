// Our own HTTP request/response values. Handlers see only these; the
// transport (RESTinio) is confined to http/server.cpp.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cvdhub::http {

struct Request {
  std::string method;  // "GET", "POST", …
  std::string path;    // percent-decoded path, without the query
  std::string raw_query;
  std::multimap<std::string, std::string> query;  // decoded
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;
  std::string remote_address;
  bool tls = false;
  std::map<std::string, std::string> params;  // filled by the router from ":name" segments

  // The first header with this (lower-case) name, or "".
  std::string_view Header(std::string_view name) const;
  // The first query parameter with this name, or "".
  std::string_view Query(std::string_view name) const;
  std::string_view Param(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  Response& Set(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
  std::string_view Header(std::string_view name) const;

  static Response Json(int status, std::string body);
  static Response Html(int status, std::string body);
  static Response Redirect(std::string location);  // 303 See Other
};

}  // namespace cvdhub::http
