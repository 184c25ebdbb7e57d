#include "http/compression.hpp"

#include <cstdlib>
#include <string>

namespace cvdhub::http {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

// The q-value of one list element's parameters ("q=0.5"); 1 when absent,
// 0 when malformed (a garbled preference is not an acceptance).
double QValue(std::string_view params) {
  while (!params.empty()) {
    const auto semi = params.find(';');
    std::string_view p = Trim(params.substr(0, semi));
    params = semi == std::string_view::npos ? std::string_view{} : params.substr(semi + 1);
    const auto eq = p.find('=');
    if (eq == std::string_view::npos || !EqualsIgnoreCase(Trim(p.substr(0, eq)), "q")) continue;
    const std::string value(Trim(p.substr(eq + 1)));
    if (value.empty() || value.size() > 5 || value.find_first_not_of("0123456789.") != std::string::npos) return 0;
    char* end = nullptr;
    const double q = std::strtod(value.c_str(), &end);
    if (end != value.c_str() + value.size() || q < 0 || q > 1) return 0;
    return q;
  }
  return 1;
}

}  // namespace

bool AcceptsGzip(std::string_view header) {
  bool named = false, named_ok = false, star_ok = false;
  while (!header.empty()) {
    const auto comma = header.find(',');
    std::string_view item = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
    const auto semi = item.find(';');
    const std::string_view coding = Trim(item.substr(0, semi));
    const double q = semi == std::string_view::npos ? 1 : QValue(item.substr(semi + 1));
    if (EqualsIgnoreCase(coding, "gzip") || EqualsIgnoreCase(coding, "x-gzip")) {
      named = true;
      named_ok = named_ok || q > 0;
    } else if (coding == "*") {
      star_ok = q > 0;
    }
  }
  return named ? named_ok : star_ok;
}

bool AcceptsGzip(const Request& req) {
  return AcceptsGzip(req.Header("accept-encoding"));
}

void AddVary(Response& response, std::string_view field) {
  for (auto& [name, value] : response.headers) {
    if (EqualsIgnoreCase(name, "vary")) {
      value += value.empty() ? "" : ", ";
      value += field;
      return;
    }
  }
  response.Set("Vary", std::string(field));
}

Response CachedJson(const Request& req, const app::CachedRendering& rendering) {
  Response r;
  if (AcceptsGzip(req)) {
    r = Response::Json(200, rendering.gzip.Render());
    r.Set("Content-Encoding", "gzip");
  } else {
    r = Response::Json(200, rendering.text);
  }
  AddVary(r, "Accept-Encoding");
  return r;
}

}  // namespace cvdhub::http
