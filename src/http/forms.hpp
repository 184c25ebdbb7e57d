// Parsers of outside input at the HTTP edge: percent-encoding, query strings
// and url-encoded forms, multipart/form-data, cookies. Each rejects garbage
// with an Error naming what is wrong; none trusts lengths it has not checked.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.hpp"

namespace cvdhub::http {

// Decodes %XX escapes (and '+' as space when `plus_is_space`). Invalid for a
// truncated or non-hex escape.
Result<std::string> PercentDecode(std::string_view in, bool plus_is_space);
std::string PercentEncode(std::string_view in);

// "a=1&b=2" → {a:1, b:2}. Repeated names keep every value.
Result<std::multimap<std::string, std::string>> ParseUrlEncoded(std::string_view body);

struct FormPart {
  std::string name;
  std::optional<std::string> filename;  // set for file inputs
  std::string content_type;
  std::string data;
};

// The boundary parameter of a multipart/form-data Content-Type, or Invalid.
Result<std::string> MultipartBoundary(std::string_view content_type);
// Parses a multipart/form-data body (RFC 7578). Invalid for a missing
// boundary, a part without a Content-Disposition name, or a truncated body.
Result<std::vector<FormPart>> ParseMultipart(std::string_view body, std::string_view boundary);

// "a=1; b=2" → {a:1, b:2}; malformed pairs are skipped.
std::map<std::string, std::string> ParseCookies(std::string_view header);

// The media type of a Content-Type header, lower-cased, without parameters.
std::string MediaType(std::string_view content_type);

}  // namespace cvdhub::http
