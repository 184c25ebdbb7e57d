// Who is calling, and the CSRF and error conventions of the HTTP edge.
#pragma once

#include <string>

#include "app/services.hpp"
#include "http/message.hpp"

namespace cvdhub::http {

inline constexpr const char* kSessionCookie = "cvdhub_session";
inline constexpr const char* kPreSessionCsrfCookie = "cvdhub_csrf";  // double-submit token before log-in
inline constexpr const char* kLanguageCookie = "cvdhub_lang";

struct Caller {
  app::Actor actor;
  std::string csrf_token;     // the session's, or the pre-session cookie's
  bool via_session = false;
  bool via_api_token = false;
};

// Identifies the caller from `Authorization: Bearer …` or the session cookie.
// A bad or expired credential yields an anonymous caller, never an error.
Caller Identify(const Request& req, app::Accounts& accounts);

// Cookie-authenticated state changes must carry the CSRF token (form field
// `csrf` or header X-CSRF-Token). Bearer-token calls need none.
Status CheckCsrf(const Request& req, const Caller& caller, std::string_view form_token);

// The one mapping from ErrorCode to HTTP status.
int HttpStatus(ErrorCode code);
std::string_view ErrorCodeName(ErrorCode code);
// A JSON error response: {"error":{"code","message","field"}}. Internal
// detail goes to the log, never to the client.
Response ErrorJson(const Error& error);

// Set-Cookie values. `secure` adds the Secure attribute (served over TLS).
std::string SessionCookie(const std::string& token, bool secure, long max_age_seconds);
std::string ExpiredCookie(const char* name, bool secure);

}  // namespace cvdhub::http
