#include "http/api_util.hpp"

#include <charconv>

#include "http/forms.hpp"

namespace cvdhub::http {

using nlohmann::json;

Response Ok(int status, const json& body) {
  return Response::Json(status, body.dump(-1, ' ', false, json::error_handler_t::replace));
}

Result<json> ReadJsonBody(const Request& req, const app::Config& config) {
  if (MediaType(req.Header("content-type")) != "application/json") {
    return Error{ErrorCode::kUnsupportedMediaType, "Content-Type must be application/json", "content-type", {}};
  }
  if (req.body.size() > config.max_json_body) {
    return Error{ErrorCode::kTooLarge,
                 "request body is larger than " + std::to_string(config.max_json_body) + " bytes", "body", {}};
  }
  try {
    return json::parse(req.body);
  } catch (const json::exception& e) {  // parse_error, or out_of_range for a number like 1E400
    return Error::Invalid("body", std::string("malformed JSON: ") + e.what());
  }
}

Result<std::int64_t> IdParam(const Request& req, std::string_view name) {
  const std::string_view text = req.Param(name);
  std::int64_t id = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc{} || ptr != text.data() + text.size() || id <= 0) return Error::NotFound("not found");
  return id;
}

Result<std::string> OptString(const json& j, const std::string& key) {
  if (!j.is_object()) return Error::Invalid("body", "the body must be a JSON object");
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::string();
  if (!it->is_string()) return Error::Invalid(key, key + " must be a string");
  return it->get<std::string>();
}

Result<bool> OptBool(const json& j, const std::string& key, bool fallback) {
  if (!j.is_object()) return Error::Invalid("body", "the body must be a JSON object");
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return fallback;
  if (!it->is_boolean()) return Error::Invalid(key, key + " must be true or false");
  return it->get<bool>();
}

Result<std::optional<std::int64_t>> OptInt(const json& j, const std::string& key) {
  if (!j.is_object()) return Error::Invalid("body", "the body must be a JSON object");
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::optional<std::int64_t>{};
  if (!it->is_number_integer()) return Error::Invalid(key, key + " must be an integer");
  return std::optional<std::int64_t>{it->get<std::int64_t>()};
}

std::optional<domain::Timestamp> ParseIsoTimestamp(std::string_view text) {
  // YYYY-MM-DDTHH:MM:SS followed by Z or ±HH:MM.
  auto num = [&](std::size_t pos, std::size_t len) -> std::optional<int> {
    if (pos + len > text.size()) return std::nullopt;
    int v = 0;
    auto [ptr, ec] = std::from_chars(text.data() + pos, text.data() + pos + len, v);
    if (ec != std::errc{} || ptr != text.data() + pos + len) return std::nullopt;
    return v;
  };
  if (text.size() < 20 || text[4] != '-' || text[7] != '-' || (text[10] != 'T' && text[10] != 't') ||
      text[13] != ':' || text[16] != ':') {
    return std::nullopt;
  }
  const auto y = num(0, 4), mo = num(5, 2), d = num(8, 2), h = num(11, 2), mi = num(14, 2), se = num(17, 2);
  if (!y || !mo || !d || !h || !mi || !se || *h > 23 || *mi > 59 || *se > 59) return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year{*y}, std::chrono::month{static_cast<unsigned>(*mo)},
                                        std::chrono::day{static_cast<unsigned>(*d)}};
  if (!ymd.ok()) return std::nullopt;
  std::string_view zone = text.substr(19);
  int offset_minutes = 0;
  if (zone == "Z" || zone == "z") {
    offset_minutes = 0;
  } else if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':') {
    const auto zh = num(20, 2), zm = num(23, 2);
    if (!zh || !zm || *zh > 23 || *zm > 59) return std::nullopt;
    offset_minutes = (*zh * 60 + *zm) * (zone[0] == '-' ? -1 : 1);
  } else {
    return std::nullopt;
  }
  return std::chrono::sys_days{ymd} + std::chrono::hours{*h} + std::chrono::minutes{*mi} +
         std::chrono::seconds{*se} - std::chrono::minutes{offset_minutes};
}

Result<domain::Timestamp> RequiredTime(const json& j, const std::string& key) {
  auto text = OptString(j, key);
  if (!text) return text.error();
  auto t = ParseIsoTimestamp(*text);
  if (!t) {
    return Error::Invalid(key, key + " must be an ISO-8601 time with a zone, e.g. 2026-12-01T10:00:00+09:00");
  }
  return *t;
}

}  // namespace cvdhub::http
