#include "http/auth.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "app/security.hpp"
#include "http/forms.hpp"

namespace cvdhub::http {

Caller Identify(const Request& req, app::Accounts& accounts) {
  Caller c;
  const std::string_view authz = req.Header("authorization");
  if (authz.starts_with("Bearer ")) {
    if (auto p = accounts.FromApiToken(std::string(authz.substr(7)))) {
      c.actor.user = std::move(p->user);
      c.via_api_token = true;
    }
    return c;
  }
  const auto cookies = ParseCookies(req.Header("cookie"));
  if (auto it = cookies.find(kSessionCookie); it != cookies.end()) {
    if (auto p = accounts.FromSession(it->second)) {
      c.actor.user = std::move(p->user);
      c.csrf_token = std::move(p->csrf_token);
      c.via_session = true;
      return c;
    }
  }
  if (auto it = cookies.find(kPreSessionCsrfCookie); it != cookies.end()) c.csrf_token = it->second;
  return c;
}

Status CheckCsrf(const Request& req, const Caller& caller, std::string_view form_token) {
  if (caller.via_api_token) return {};
  std::string_view presented = form_token.empty() ? req.Header("x-csrf-token") : form_token;
  if (caller.csrf_token.empty() || presented.empty() ||
      !app::ConstantTimeEquals(caller.csrf_token, presented)) {
    return Error::Forbidden("the form has expired or did not come from this site; reload the page and try again");
  }
  return {};
}

int HttpStatus(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidInput: return 400;
    case ErrorCode::kUnauthenticated: return 401;
    case ErrorCode::kForbidden: return 403;
    case ErrorCode::kNotFound: return 404;
    case ErrorCode::kConflict: return 409;
    case ErrorCode::kTooLarge: return 413;
    case ErrorCode::kUnsupportedMediaType: return 415;
    case ErrorCode::kRateLimited: return 429;
    case ErrorCode::kInternal: return 500;
  }
  return 500;
}

std::string_view ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidInput: return "invalid_input";
    case ErrorCode::kUnauthenticated: return "unauthenticated";
    case ErrorCode::kForbidden: return "forbidden";
    case ErrorCode::kNotFound: return "not_found";
    case ErrorCode::kConflict: return "conflict";
    case ErrorCode::kTooLarge: return "too_large";
    case ErrorCode::kUnsupportedMediaType: return "unsupported_media_type";
    case ErrorCode::kRateLimited: return "rate_limited";
    case ErrorCode::kInternal: return "internal";
  }
  return "internal";
}

Response ErrorJson(const Error& error) {
  if (error.code == ErrorCode::kInternal) spdlog::error("internal error: {}", error.internal);
  nlohmann::json body = {{"error", {{"code", ErrorCodeName(error.code)}, {"message", error.message}}}};
  if (!error.field.empty()) body["error"]["field"] = error.field;
  Response r = Response::Json(HttpStatus(error.code),
                              body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  if (error.code == ErrorCode::kUnauthenticated) r.Set("WWW-Authenticate", "Bearer");
  return r;
}

std::string SessionCookie(const std::string& token, bool secure, long max_age_seconds) {
  return std::string(kSessionCookie) + "=" + token + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" +
         std::to_string(max_age_seconds) + (secure ? "; Secure" : "");
}

std::string ExpiredCookie(const char* name, bool secure) {
  return std::string(name) + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0" + (secure ? "; Secure" : "");
}

}  // namespace cvdhub::http
