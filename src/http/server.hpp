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
  // Transport cap, above every route's own limit (a JSON report may carry a
  // 10 MiB attachment base64-encoded: ~14.3 MiB), so routes answer 413 themselves.
  std::size_t max_body = 20u << 20;
};

// Serves `router` until SIGINT or SIGTERM. `on_ready` runs once the listening
// socket is open. Fails with Internal when the address cannot be bound.
Status Serve(const Router& router, const ServerOptions& options, const std::function<void()>& on_ready);

// Security headers every response carries unless the handler set its own.
void AddDefaultHeaders(Response& response);

// Splits "HOST:PORT"; Invalid when either part is missing or bad.
Result<std::pair<std::string, std::uint16_t>> ParseListen(const std::string& listen);

}  // namespace cvdhub::http
