#include "http/server.hpp"

// Boost 1.74's asio needs <utility> first under g++ 12 in C++20 (STACK.md).
#include <utility>

#include <restinio/all.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>

#include "http/forms.hpp"

namespace cvdhub::http {
namespace {

using traits_t = restinio::traits_t<restinio::asio_timer_manager_t, restinio::null_logger_t>;
using server_t = restinio::http_server_t<traits_t>;

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

const char* ReasonPhrase(int status) {
  switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 413: return "Payload Too Large";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Entity";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "Status";
  }
}

Response BadRequest(std::string_view message) {
  return Response::Json(400, R"({"error":{"code":"invalid_input","field":"url","message":")" +
                                 std::string(message) + "\"}}");
}

// Converts RESTinio's request into ours and runs the router.
Response Handle(const Router& router, const restinio::request_handle_t& req) {
  Request r;
  const auto& h = req->header();
  r.method = h.method().c_str();
  auto path = PercentDecode(h.path(), /*plus_is_space=*/false);
  if (!path || path->find('\0') != std::string::npos) return BadRequest("invalid path encoding");
  r.path = std::move(*path);
  r.raw_query = std::string(h.query());
  auto query = ParseUrlEncoded(r.raw_query);
  if (!query) return BadRequest("invalid query string");
  r.query = std::move(*query);
  h.for_each_field([&](const auto& f) { r.headers.emplace_back(Lower(f.name()), f.value()); });
  r.body = req->body();
  r.remote_address = req->remote_endpoint().address().to_string();
  try {
    return router.Dispatch(r);
  } catch (const std::exception& e) {
    // Aborted request: log the internal reason, show the client nothing of it.
    spdlog::error("{} {}: unhandled exception: {}", r.method, r.path, e.what());
    return Response::Json(500, R"({"error":{"code":"internal","message":"internal error"}})");
  }
}

}  // namespace

void AddDefaultHeaders(Response& response) {
  auto set_default = [&](const char* name, const char* value) {
    if (response.Header(name).empty()) response.Set(name, value);
  };
  // No scripts at all: every page works without JavaScript.
  set_default("Content-Security-Policy",
              "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
              "frame-ancestors 'none'; base-uri 'none'");
  set_default("X-Content-Type-Options", "nosniff");
  set_default("X-Frame-Options", "DENY");
  set_default("Referrer-Policy", "same-origin");
  set_default("Cache-Control", "no-store");
}

Result<std::pair<std::string, std::uint16_t>> ParseListen(const std::string& listen) {
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 >= listen.size()) {
    return Error::Invalid("listen", "--listen must be HOST:PORT, e.g. 127.0.0.1:8080");
  }
  const std::string port_text = listen.substr(colon + 1);
  if (port_text.find_first_not_of("0123456789") != std::string::npos || port_text.size() > 5) {
    return Error::Invalid("listen", "port must be a number from 1 to 65535");
  }
  const int port = std::stoi(port_text);
  if (port < 1 || port > 65535) return Error::Invalid("listen", "port must be a number from 1 to 65535");
  std::string host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  return std::pair{host, static_cast<std::uint16_t>(port)};
}

Status Serve(const Router& router, const ServerOptions& options, const std::function<void()>& on_ready) {
  try {
    server_t server{
        restinio::own_io_context(), [&](auto& settings) {
          settings.port(options.port)
              .address(options.host)
              .max_pipelined_requests(16)
              .incoming_http_msg_limits(restinio::incoming_http_msg_limits_t{}
                                            .max_url_size(8192)
                                            .max_field_name_size(1024)
                                            .max_field_value_size(16384)
                                            .max_field_count(100)
                                            .max_body_size(options.max_body))
              .request_handler([&router](restinio::request_handle_t req) {
                Response resp = Handle(router, req);
                AddDefaultHeaders(resp);
                auto builder = req->create_response(restinio::http_status_line_t{
                    restinio::http_status_code_t{static_cast<std::uint16_t>(resp.status)},
                    ReasonPhrase(resp.status)});
                for (auto& [name, value] : resp.headers) builder.append_header(name, std::move(value));
                if (req->header().method() != restinio::http_method_head()) {
                  builder.set_body(std::move(resp.body));
                }
                return builder.done();
              });
        }};
    asio::signal_set signals(server.io_context(), SIGINT, SIGTERM);
    signals.async_wait([&server](const asio::error_code& ec, int) {
      if (!ec) restinio::initiate_shutdown(server);
    });
    server.open_sync();
    if (on_ready) on_ready();
    restinio::run(restinio::on_thread_pool(options.threads, restinio::skip_break_signal_handling(), server));
  } catch (const std::exception& e) {
    return Error::Internal(std::string("cannot serve on ") + options.host + ":" +
                           std::to_string(options.port) + ": " + e.what());
  }
  return {};
}

}  // namespace cvdhub::http
