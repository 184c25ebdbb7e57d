// Helpers shared by the JSON API's route groups: reading bodies and
// parameters with errors that name the field, and the authentication wrapper.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "app/services.hpp"
#include "http/auth.hpp"
#include "http/router.hpp"

namespace cvdhub::http {

// A JSON response (invalid UTF-8 in strings is replaced, never thrown).
Response Ok(int status, const nlohmann::json& body);
// Checks content type and size, then parses. Errors name what is wrong.
Result<nlohmann::json> ReadJsonBody(const Request& req, const app::Config& config);
// A positive integer path parameter; NotFound otherwise.
Result<std::int64_t> IdParam(const Request& req, std::string_view name);
// An optional string member ("" when absent); Invalid when not a string.
Result<std::string> OptString(const nlohmann::json& j, const std::string& key);
// An optional boolean member (`fallback` when absent); Invalid when not a boolean.
Result<bool> OptBool(const nlohmann::json& j, const std::string& key, bool fallback = false);
// An optional integer member; Invalid when not an integer.
Result<std::optional<std::int64_t>> OptInt(const nlohmann::json& j, const std::string& key);
// A required ISO-8601 timestamp with a zone ("2026-12-01T10:00:00+09:00" or "…Z").
Result<domain::Timestamp> RequiredTime(const nlohmann::json& j, const std::string& key);

// Runs `fn(req, actor)` for an authenticated caller; state changes by a
// cookie session need the CSRF header.
template <typename Fn>
Handler Authed(app::Services& s, bool mutating, Fn fn) {
  return [&s, mutating, fn](Request& req) -> Response {
    Caller caller = Identify(req, s.accounts);
    if (caller.actor.IsAnonymous()) return ErrorJson(Error::Unauthenticated());
    if (mutating) {
      if (auto st = CheckCsrf(req, caller, {}); !st) return ErrorJson(st.error());
    }
    return fn(req, caller.actor);
  };
}

// A handler body that works on a case (path parameter :id): (req, actor,
// case id, parsed JSON object body — empty for reads).
template <typename Fn>
Handler CaseRoute(app::Services& s, bool mutating, Fn fn) {
  return Authed(s, mutating, [&s, mutating, fn](Request& req, const app::Actor& a) -> Response {
    auto id = IdParam(req, "id");
    if (!id) return ErrorJson(Error::NotFound("case not found"));
    nlohmann::json body = nlohmann::json::object();
    if (mutating && !req.body.empty()) {
      auto parsed = ReadJsonBody(req, s.ctx.config);
      if (!parsed) return ErrorJson(parsed.error());
      if (!parsed->is_object()) return ErrorJson(Error::Invalid("body", "the body must be a JSON object"));
      body = std::move(*parsed);
    }
    return fn(req, a, *id, body);
  });
}

// {"status": what} for a successful change, the error otherwise.
inline Response Done(const Status& st, const char* what = "ok") {
  if (!st) return ErrorJson(st.error());
  return Ok(200, {{"status", what}});
}

// Parses an ISO-8601 timestamp with a zone; nullopt when malformed.
std::optional<domain::Timestamp> ParseIsoTimestamp(std::string_view text);

}  // namespace cvdhub::http
