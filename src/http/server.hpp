// The HTTP transport. The only part of cvdhub that knows RESTinio.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "domain/result.hpp"
#include "http/router.hpp"

namespace cvdhub::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;
  unsigned threads = 2;
  std::size_t max_body = 12u << 20;  // transport cap; routes apply their own smaller limits
};

// Serves `router` until SIGINT or SIGTERM. `on_ready` runs once the listening
// socket is open. Fails with Internal when the address cannot be bound.
Status Serve(const Router& router, const ServerOptions& options, const std::function<void()>& on_ready);

// Security headers every response carries unless the handler set its own.
void AddDefaultHeaders(Response& response);

// Splits "HOST:PORT"; Invalid when either part is missing or bad.
Result<std::pair<std::string, std::uint16_t>> ParseListen(const std::string& listen);

}  // namespace cvdhub::http
