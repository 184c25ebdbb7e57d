#include "formats/versions.hpp"

#include <array>
#include <cctype>
#include <regex>
#include <utility>

#include "formats/export_common.hpp"

namespace cvdhub::formats {
namespace {

// Japanese (and typographic) phrases rewritten to the English words the
// token patterns know. Longest first: "およびそれ以前" before "以前".
constexpr std::array<std::pair<std::string_view, std::string_view>, 22> kRewrites = {{
    {"およびそれ以前のバージョン", " and earlier "},
    {"及びそれ以前のバージョン", " and earlier "},
    {"およびそれ以前", " and earlier "},
    {"及びそれ以前", " and earlier "},
    {"以前のバージョン", " and earlier "},
    {"以降のバージョン", " and later "},
    {"すべてのバージョン", " all "},
    {"全てのバージョン", " all "},
    {"全バージョン", " all "},
    {"以前", " and earlier "},
    {"以下", " and earlier "},
    {"未満", " below "},
    {"以降", " and later "},
    {"以上", " and later "},
    {"から", " to "},
    {"まで", " "},
    {"バージョン", " version "},
    {"\xEF\xBD\x9E", " to "},  // FULLWIDTH TILDE
    {"\xE3\x80\x9C", " to "},  // WAVE DASH
    {"\xE2\x80\x93", " - "},   // EN DASH
    {"\xE3\x80\x81", " , "},   // IDEOGRAPHIC COMMA
    {"\xEF\xBC\x8C", " , "},   // FULLWIDTH COMMA
}};

std::string Rewrite(std::string_view text) {
  std::string s(text);
  for (const auto& [from, to] : kRewrites) {
    std::size_t pos = 0;
    while ((pos = s.find(from, pos)) != std::string::npos) {
      s.replace(pos, from.size(), to);
      pos += to.size();
    }
  }
  return s;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Splits into words, "," and the operators < <= > >= =.
std::vector<std::string> Tokenize(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    if (!cur.empty()) out.push_back(std::move(cur));
    cur.clear();
  };
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      flush();
    } else if (c == ',' || c == ';') {
      flush();
      out.emplace_back(",");
    } else if (c == '<' || c == '>' || c == '=') {
      flush();
      if (c != '=' && i + 1 < s.size() && s[i + 1] == '=') {
        out.push_back(std::string(1, c) + "=");
        ++i;
      } else {
        out.emplace_back(1, c);
      }
    } else {
      cur += c;
    }
  }
  flush();
  return out;
}

struct Shape {
  std::string_view pattern;  // tokens joined by spaces, each version as V
  enum Kind { kFixed, kLast, kIntroduced, kIntroducedFixed, kIntroducedLast, kAll } kind;
};

constexpr std::array<Shape, 40> kShapes = {{
    {"< V", Shape::kFixed},
    {"before V", Shape::kFixed},
    {"prior to V", Shape::kFixed},
    {"earlier than V", Shape::kFixed},
    {"older than V", Shape::kFixed},
    {"V below", Shape::kFixed},
    {"<= V", Shape::kLast},
    {"= < V", Shape::kLast},
    {"up to V", Shape::kLast},
    {"through V", Shape::kLast},
    {"V and earlier", Shape::kLast},
    {"V or earlier", Shape::kLast},
    {"V and prior", Shape::kLast},
    {"V or prior", Shape::kLast},
    {"V and older", Shape::kLast},
    {"V or older", Shape::kLast},
    {"V and lower", Shape::kLast},
    {"V or lower", Shape::kLast},
    {">= V", Shape::kIntroduced},
    {"V and later", Shape::kIntroduced},
    {"V or later", Shape::kIntroduced},
    {"V and newer", Shape::kIntroduced},
    {"V or newer", Shape::kIntroduced},
    {"V and above", Shape::kIntroduced},
    {"from V", Shape::kIntroduced},
    {"since V", Shape::kIntroduced},
    {">= V , < V", Shape::kIntroducedFixed},
    {">= V < V", Shape::kIntroducedFixed},
    {"V and later V below", Shape::kIntroducedFixed},
    {"V and later , before V", Shape::kIntroducedFixed},
    {">= V , <= V", Shape::kIntroducedLast},
    {">= V <= V", Shape::kIntroducedLast},
    {"V to V", Shape::kIntroducedLast},
    {"V - V", Shape::kIntroducedLast},
    {"V through V", Shape::kIntroducedLast},
    {"from V to V", Shape::kIntroducedLast},
    {"from V through V", Shape::kIntroducedLast},
    {"V and later V and earlier", Shape::kIntroducedLast},
    {"all", Shape::kAll},
    {"any", Shape::kAll},
}};

bool IsNoiseWord(std::string_view lower) {
  return lower == "version" || lower == "versions" || lower == "ver" || lower == "ver." || lower == "v." ||
         lower == "release" || lower == "releases";
}

std::optional<VersionRange> ParseShape(std::string_view text) {
  std::vector<std::string> versions;
  std::string canonical;
  for (auto token : Tokenize(Rewrite(text))) {
    // "Ver.2.4.0", "version2.4": the version without the word glued to it.
    for (std::string_view prefix : {"version", "ver.", "ver", "v."}) {
      if (Lower(token).starts_with(prefix) && token.size() > prefix.size() &&
          std::isdigit(static_cast<unsigned char>(token[prefix.size()])) != 0) {
        token.erase(0, prefix.size());
        break;
      }
    }
    const std::string lower = Lower(token);
    if (IsNoiseWord(lower)) continue;
    std::string piece;
    if (IsVersionToken(token)) {
      versions.push_back(token);
      piece = "V";
    } else {
      piece = lower;
    }
    if (!canonical.empty()) canonical += ' ';
    canonical += piece;
  }
  if (versions.empty() && canonical.empty()) return std::nullopt;
  // A list of single versions: "V", "V , V", …
  bool list = !versions.empty();
  for (std::size_t i = 0; i < canonical.size(); ++i) {
    const std::string_view expect = (i % 4 == 0) ? "V" : (i % 4 == 2) ? "," : " ";
    if (canonical.compare(i, 1, expect) != 0) {
      list = false;
      break;
    }
  }
  if (list && canonical.back() == 'V') return VersionRange{.exact = versions};
  for (const auto& shape : kShapes) {
    if (canonical != shape.pattern) continue;
    VersionRange r;
    switch (shape.kind) {
      case Shape::kFixed:
        r.fixed = versions[0];
        break;
      case Shape::kLast:
        r.last_affected = versions[0];
        break;
      case Shape::kIntroduced:
        r.introduced = versions[0];
        break;
      case Shape::kIntroducedFixed:
        r.introduced = versions[0];
        r.fixed = versions[1];
        break;
      case Shape::kIntroducedLast:
        r.introduced = versions[0];
        r.last_affected = versions[1];
        break;
      case Shape::kAll:
        break;
    }
    return r;
  }
  return std::nullopt;
}

}  // namespace

bool IsVersionToken(std::string_view token) {
  if (token.empty() || std::isalnum(static_cast<unsigned char>(token[0])) == 0) return false;
  bool digit = false;
  for (char c : token) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isdigit(u) != 0) {
      digit = true;
    } else if (std::isalpha(u) == 0 && c != '.' && c != '_' && c != '+' && c != '-' && c != '~' && c != ':') {
      return false;
    }
  }
  return digit;
}

std::optional<VersionRange> ParseVersionRange(std::string_view versions, std::string_view fixed_in) {
  // The first fixed version: a version, or "V and later".
  std::string fix;
  if (const auto f = Trim(fixed_in); !f.empty()) {
    if (IsVersionToken(f)) {
      fix = std::string(f);
    } else if (auto r = ParseShape(f);
               r && !r->introduced.empty() && r->fixed.empty() && r->last_affected.empty()) {
      fix = r->introduced;
    }
  }
  std::optional<VersionRange> range;
  if (Trim(versions).empty()) {
    if (fix.empty()) return std::nullopt;
    range = VersionRange{};
  } else {
    range = ParseShape(versions);
    if (!range) return std::nullopt;
  }
  if (!range->IsList() && range->fixed.empty() && !fix.empty()) range->fixed = fix;
  return range;
}

std::string ToVers(const VersionRange& range, std::string_view scheme) {
  std::string out = "vers:" + std::string(scheme) + "/";
  if (range.IsList()) {
    for (std::size_t i = 0; i < range.exact.size(); ++i) out += (i ? "|" : "") + range.exact[i];
    return out;
  }
  std::string constraints;
  if (!range.introduced.empty()) constraints = ">=" + range.introduced;
  const std::string upper = !range.last_affected.empty() ? "<=" + range.last_affected
                            : !range.fixed.empty()       ? "<" + range.fixed
                                                         : "";
  if (!upper.empty()) constraints += (constraints.empty() ? "" : "|") + upper;
  return out + (constraints.empty() ? "*" : constraints);
}

bool IsSemver(std::string_view version) {
  static const std::regex kSemver(
      R"(^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$)");
  return std::regex_match(version.begin(), version.end(), kSemver);
}

}  // namespace cvdhub::formats
