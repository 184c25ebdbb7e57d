#include "http/forms.hpp"

#include <algorithm>
#include <cctype>

namespace cvdhub::http {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// The value of parameter `name` in a header like `form-data; name="x"; filename="y"`.
// Parameters are read in order, so a ';' or "name=" inside a quoted value of
// another parameter (filename="a; name=b") is part of that value.
std::optional<std::string> HeaderParam(std::string_view header, std::string_view name) {
  auto semi = header.find(';');
  while (semi != std::string_view::npos) {
    std::string_view rest = header.substr(semi + 1);
    const auto eq = rest.find('=');
    const auto next_semi = rest.find(';');
    if (eq == std::string_view::npos || (next_semi != std::string_view::npos && next_semi < eq)) {
      // A parameter without a value: skip it.
      semi = next_semi == std::string_view::npos ? next_semi : semi + 1 + next_semi;
      continue;
    }
    const bool wanted = Lower(Trim(rest.substr(0, eq))) == name;
    std::size_t value_pos = eq + 1;
    while (value_pos < rest.size() && (rest[value_pos] == ' ' || rest[value_pos] == '\t')) ++value_pos;
    std::string_view value = rest.substr(value_pos);
    std::string out;
    std::size_t end = 0;  // offset in `value` just past the parameter's value
    if (!value.empty() && value.front() == '"') {
      bool closed = false;
      for (end = 1; end < value.size(); ++end) {
        if (value[end] == '\\' && end + 1 < value.size()) {
          out += value[++end];
        } else if (value[end] == '"') {
          closed = true;
          ++end;
          break;
        } else {
          out += value[end];
        }
      }
      if (!closed) return std::nullopt;  // unterminated quote
    } else {
      end = std::min(value.find(';'), value.size());
      out = std::string(Trim(value.substr(0, end)));
    }
    if (wanted) return out;
    const auto after = value.find(';', end);
    semi = after == std::string_view::npos ? after : semi + 1 + value_pos + after;
  }
  return std::nullopt;
}

}  // namespace

Result<std::string> PercentDecode(std::string_view in, bool plus_is_space) {
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '%') {
      if (i + 2 >= in.size()) {
        return Error::Invalid("url", "truncated percent-escape");
      }
      const int hi = HexValue(in[i + 1]);
      const int lo = HexValue(in[i + 2]);
      if (hi < 0 || lo < 0) return Error::Invalid("url", "invalid percent-escape");
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::string PercentEncode(std::string_view in) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : in) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

Result<std::multimap<std::string, std::string>> ParseUrlEncoded(std::string_view body) {
  std::multimap<std::string, std::string> out;
  while (!body.empty()) {
    auto amp = body.find('&');
    std::string_view pair = body.substr(0, amp);
    body = amp == std::string_view::npos ? std::string_view{} : body.substr(amp + 1);
    if (pair.empty()) continue;
    auto eq = pair.find('=');
    auto key = PercentDecode(pair.substr(0, eq), true);
    if (!key) return key.error();
    auto value = PercentDecode(eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1), true);
    if (!value) return value.error();
    out.emplace(std::move(*key), std::move(*value));
  }
  return out;
}

Result<std::string> MultipartBoundary(std::string_view content_type) {
  if (MediaType(content_type) != "multipart/form-data") {
    return Error::Invalid("content-type", "expected multipart/form-data");
  }
  auto b = HeaderParam(content_type, "boundary");
  if (!b || b->empty() || b->size() > 200) {
    return Error::Invalid("content-type", "multipart/form-data without a valid boundary");
  }
  return *b;
}

Result<std::vector<FormPart>> ParseMultipart(std::string_view body, std::string_view boundary) {
  const std::string delim = "--" + std::string(boundary);
  std::vector<FormPart> parts;
  auto pos = body.find(delim);
  if (pos == std::string_view::npos) return Error::Invalid("body", "multipart body has no boundary line");
  pos += delim.size();
  while (true) {
    if (body.substr(pos, 2) == "--") return parts;  // closing delimiter
    if (body.substr(pos, 2) != "\r\n") return Error::Invalid("body", "malformed multipart boundary line");
    pos += 2;
    const auto header_end = body.find("\r\n\r\n", pos);
    if (header_end == std::string_view::npos) return Error::Invalid("body", "multipart part without headers");
    FormPart part;
    std::string_view headers = body.substr(pos, header_end - pos);
    bool has_disposition = false;
    while (!headers.empty()) {
      auto eol = headers.find("\r\n");
      std::string_view line = headers.substr(0, eol);
      headers = eol == std::string_view::npos ? std::string_view{} : headers.substr(eol + 2);
      auto colon = line.find(':');
      if (colon == std::string_view::npos) continue;
      const std::string name = Lower(Trim(line.substr(0, colon)));
      std::string_view value = Trim(line.substr(colon + 1));
      if (name == "content-disposition") {
        auto n = HeaderParam(value, "name");
        if (!n) return Error::Invalid("body", "multipart part without a field name");
        part.name = *n;
        part.filename = HeaderParam(value, "filename");
        has_disposition = true;
      } else if (name == "content-type") {
        part.content_type = std::string(value);
      }
    }
    if (!has_disposition) return Error::Invalid("body", "multipart part without Content-Disposition");
    const auto data_start = header_end + 4;
    const auto next = body.find("\r\n" + delim, data_start);
    if (next == std::string_view::npos) return Error::Invalid("body", "multipart body is truncated");
    part.data = std::string(body.substr(data_start, next - data_start));
    parts.push_back(std::move(part));
    pos = next + 2 + delim.size();
  }
}

std::map<std::string, std::string> ParseCookies(std::string_view header) {
  std::map<std::string, std::string> out;
  while (!header.empty()) {
    auto semi = header.find(';');
    std::string_view pair = Trim(header.substr(0, semi));
    header = semi == std::string_view::npos ? std::string_view{} : header.substr(semi + 1);
    auto eq = pair.find('=');
    if (eq == std::string_view::npos || eq == 0) continue;
    out.emplace(std::string(Trim(pair.substr(0, eq))), std::string(Trim(pair.substr(eq + 1))));
  }
  return out;
}

std::string MediaType(std::string_view content_type) {
  return Lower(Trim(content_type.substr(0, content_type.find(';'))));
}

}  // namespace cvdhub::http
