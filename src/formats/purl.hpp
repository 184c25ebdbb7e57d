// Package URLs (https://github.com/package-url/purl-spec): parsing into
// components and the OSV ecosystem a package type belongs to.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "domain/result.hpp"

namespace cvdhub::formats {

struct PackageUrl {
  std::string type;        // lower-case, e.g. "npm"
  std::string namespace_;  // percent-decoded, segments joined by '/', e.g. "@scope" or "org.apache.commons"
  std::string name;        // percent-decoded
  std::string version;     // percent-decoded; may be empty
  std::map<std::string, std::string> qualifiers;  // keys lower-case, values percent-decoded
  std::string subpath;

  // "pkg:type/namespace/name" (components percent-encoded), without version,
  // qualifiers or subpath.
  std::string Base() const;
  // Base() + "@" + `version` (encoded).
  std::string WithVersion(std::string_view version) const;
};

// Parses a package URL as the purl specification defines it: scheme "pkg",
// a type of letters, digits, '.', '+', '-' not starting with a digit, a
// non-empty name, valid percent-escapes. Invalid("purl", …) names the part
// that is wrong.
Result<PackageUrl> ParsePackageUrl(std::string_view purl);

// The OSV ecosystem of a package ("npm", "PyPI", "Maven", …) and the package
// name as OSV writes it for that ecosystem ("@scope/name", "group:artifact",
// a normalised PyPI name, a full Go module path). nullopt for package types
// OSV has no ecosystem for, or that need a release suffix the purl lacks
// (e.g. deb without a distro qualifier).
struct OsvPackage {
  std::string ecosystem;
  std::string name;
};
std::optional<OsvPackage> OsvPackageOf(const PackageUrl& purl);

}  // namespace cvdhub::formats
