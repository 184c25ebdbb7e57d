#include "formats/purl.hpp"

#include <cctype>
#include <vector>

namespace cvdhub::formats {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

Result<std::string> Decode(std::string_view s, const char* part) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out += s[i];
      continue;
    }
    if (i + 2 >= s.size()) {
      return Error::Invalid("purl", std::string("bad percent-escape in the ") + part);
    }
    const int hi = HexValue(s[i + 1]);
    const int lo = HexValue(s[i + 2]);
    if (hi < 0 || lo < 0) return Error::Invalid("purl", std::string("bad percent-escape in the ") + part);
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

// Percent-encodes all but the purl spec's unreserved characters (and ':' , which
// the spec leaves as is in names such as Maven's).
std::string Encode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) != 0 || c == '-' || c == '.' || c == '_' || c == '~' || c == ':') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

std::vector<std::string_view> SplitSlashes(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t pos = 0;
  while (pos <= s.size()) {
    std::size_t end = s.find('/', pos);
    if (end == std::string_view::npos) end = s.size();
    if (end > pos) out.push_back(s.substr(pos, end - pos));
    pos = end + 1;
  }
  return out;
}

// PEP 503: lower-case, runs of '-', '_' and '.' become one '-'.
std::string NormalisePypi(std::string_view name) {
  std::string out;
  for (char c : name) {
    if (c == '-' || c == '_' || c == '.') {
      if (out.empty() || out.back() != '-') out += '-';
    } else {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  return out;
}

}  // namespace

std::string PackageUrl::Base() const {
  std::string out = "pkg:" + type + "/";
  for (auto segment : SplitSlashes(namespace_)) out += Encode(segment) + "/";
  return out + Encode(name);
}

std::string PackageUrl::WithVersion(std::string_view v) const {
  return Base() + "@" + Encode(v);
}

Result<PackageUrl> ParsePackageUrl(std::string_view purl) {
  if (purl.size() > 2048) return Error::Invalid("purl", "a package URL may be at most 2048 bytes");
  if (purl.size() < 4 || Lower(purl.substr(0, 4)) != "pkg:") {
    return Error::Invalid("purl", "a package URL starts with \"pkg:\"");
  }
  for (unsigned char c : purl) {
    if (c <= 0x20 || c == 0x7F)
      return Error::Invalid("purl", "a package URL has no spaces or control characters");
  }
  std::string_view rest = purl.substr(4);
  PackageUrl p;
  if (const auto hash = rest.rfind('#'); hash != std::string_view::npos) {
    p.subpath = std::string(rest.substr(hash + 1));
    rest = rest.substr(0, hash);
  }
  if (const auto q = rest.rfind('?'); q != std::string_view::npos) {
    std::string_view qs = rest.substr(q + 1);
    rest = rest.substr(0, q);
    std::size_t pos = 0;
    while (pos < qs.size()) {
      std::size_t end = qs.find('&', pos);
      if (end == std::string_view::npos) end = qs.size();
      const std::string_view pair = qs.substr(pos, end - pos);
      pos = end + 1;
      if (pair.empty()) continue;
      const auto eq = pair.find('=');
      if (eq == std::string_view::npos || eq == 0)
        return Error::Invalid("purl", "a qualifier needs key=value");
      auto value = Decode(pair.substr(eq + 1), "qualifiers");
      if (!value) return value.error();
      if (!value->empty()) p.qualifiers[Lower(pair.substr(0, eq))] = std::move(*value);
    }
  }
  while (!rest.empty() && rest.front() == '/') rest.remove_prefix(1);
  while (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
  const auto slash = rest.find('/');
  if (slash == std::string_view::npos || slash == 0) {
    return Error::Invalid("purl", "a package URL needs a type and a name, e.g. pkg:npm/lodash");
  }
  p.type = Lower(rest.substr(0, slash));
  if (std::isdigit(static_cast<unsigned char>(p.type[0])) != 0) {
    return Error::Invalid("purl", "the package type must not start with a digit");
  }
  for (char c : p.type) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '.' && c != '+' && c != '-') {
      return Error::Invalid("purl", "the package type may hold only letters, digits, '.', '+' and '-'");
    }
  }
  rest = rest.substr(slash + 1);
  // The version follows the last '@' of the last segment (an '@' in a namespace is percent-encoded).
  const auto last_slash = rest.rfind('/');
  if (const auto at = rest.rfind('@');
      at != std::string_view::npos && (last_slash == std::string_view::npos || at > last_slash)) {
    auto version = Decode(rest.substr(at + 1), "version");
    if (!version) return version.error();
    p.version = std::move(*version);
    rest = rest.substr(0, at);
  }
  auto segments = SplitSlashes(rest);
  if (segments.empty()) return Error::Invalid("purl", "a package URL needs a name");
  auto name = Decode(segments.back(), "name");
  if (!name) return name.error();
  if (name->empty()) return Error::Invalid("purl", "a package URL needs a name");
  p.name = std::move(*name);
  segments.pop_back();
  for (auto segment : segments) {
    auto decoded = Decode(segment, "namespace");
    if (!decoded) return decoded.error();
    if (decoded->find('/') != std::string::npos)
      return Error::Invalid("purl", "a namespace segment may not hold '/'");
    p.namespace_ += (p.namespace_.empty() ? "" : "/") + *decoded;
  }
  // Type-specific rules of the purl specification.
  if (p.type == "npm" || p.type == "github" || p.type == "bitbucket" || p.type == "composer") {
    p.namespace_ = Lower(p.namespace_);
    p.name = Lower(p.name);
  } else if (p.type == "pypi") {
    p.name = Lower(p.name);
    for (char& c : p.name) {
      if (c == '_') c = '-';
    }
  } else if (p.type == "maven" && p.namespace_.empty()) {
    return Error::Invalid("purl", "a Maven package URL needs a namespace (the groupId)");
  }
  return p;
}

std::optional<OsvPackage> OsvPackageOf(const PackageUrl& p) {
  const auto joined = [&](std::string_view sep) {
    return p.namespace_.empty() ? p.name : p.namespace_ + std::string(sep) + p.name;
  };
  if (p.type == "npm") return OsvPackage{"npm", joined("/")};
  if (p.type == "pypi") return OsvPackage{"PyPI", NormalisePypi(p.name)};
  if (p.type == "maven") return OsvPackage{"Maven", joined(":")};
  if (p.type == "gem") return OsvPackage{"RubyGems", p.name};
  if (p.type == "cargo") return OsvPackage{"crates.io", p.name};
  if (p.type == "golang") return OsvPackage{"Go", joined("/")};
  if (p.type == "nuget") return OsvPackage{"NuGet", p.name};
  if (p.type == "composer") return OsvPackage{"Packagist", joined("/")};
  if (p.type == "hex") return OsvPackage{"Hex", p.name};
  if (p.type == "pub") return OsvPackage{"Pub", p.name};
  if (p.type == "hackage") return OsvPackage{"Hackage", p.name};
  if (p.type == "cran") return OsvPackage{"CRAN", p.name};
  if (p.type == "conan") return OsvPackage{"ConanCenter", p.name};
  if (p.type == "bioconductor") return OsvPackage{"Bioconductor", p.name};
  if (p.type == "opam") return OsvPackage{"opam", p.name};
  if (p.type == "julia") return OsvPackage{"Julia", p.name};
  if (p.type == "githubactions") return OsvPackage{"GitHub Actions", joined("/")};
  if (p.type == "deb" && Lower(p.namespace_) == "debian") {
    // "distro=debian-12" or "distro=bookworm": the release suffix is optional for Debian.
    std::string ecosystem = "Debian";
    if (auto it = p.qualifiers.find("distro"); it != p.qualifiers.end()) {
      std::string_view d = it->second;
      if (d.starts_with("debian-")) d.remove_prefix(7);
      if (!d.empty() && std::isdigit(static_cast<unsigned char>(d[0])) != 0)
        ecosystem += ":" + std::string(d);
    }
    return OsvPackage{ecosystem, p.name};
  }
  if (p.type == "apk" && Lower(p.namespace_) == "alpine") {
    // Alpine needs its release branch: "distro=alpine-3.16" → "Alpine:v3.16".
    auto it = p.qualifiers.find("distro");
    if (it == p.qualifiers.end()) return std::nullopt;
    std::string_view d = it->second;
    if (d.starts_with("alpine-")) d.remove_prefix(7);
    if (d.empty() || std::isdigit(static_cast<unsigned char>(d[0])) == 0) return std::nullopt;
    // The branch is major.minor.
    const auto first_dot = d.find('.');
    const auto second_dot = first_dot == std::string_view::npos ? first_dot : d.find('.', first_dot + 1);
    return OsvPackage{"Alpine:v" + std::string(d.substr(0, second_dot)), p.name};
  }
  return std::nullopt;
}

}  // namespace cvdhub::formats
