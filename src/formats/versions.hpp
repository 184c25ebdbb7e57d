// Affected versions as an advisory writes them ("< 2.4.1", "2.0.0 to 2.4.0",
// "2.4.0 およびそれ以前") read into a range that CSAF (vers), CVE records and
// OSV can state. Text that does not read as one of the known shapes gives
// nullopt: the exports then say "unknown" rather than guess.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cvdhub::formats {

struct VersionRange {
  std::string introduced;          // inclusive lower bound; empty: from the first version
  std::string fixed;               // exclusive upper bound (the first fixed version); may be empty
  std::string last_affected;       // inclusive upper bound; may be empty
  std::vector<std::string> exact;  // listed single versions ("2.0.1, 2.0.2"); then the bounds are empty

  bool IsList() const { return !exact.empty(); }
};

// Reads `versions` (the affected versions) with `fixed_in` (the first fixed
// version, may be empty). Shapes understood, in English and Japanese:
//   "< V", "before V", "prior to V", "V 未満"                 → fixed V
//   "<= V", "V and earlier", "V or earlier", "up to V", "V 以前", "V およびそれ以前" → last_affected V
//   ">= A", "A and later", "A 以降", "A 以上"                 → introduced A
//   ">= A, < B", ">= A, <= B", "A to B", "A - B", "A 〜 B", "A から B まで" → both bounds (to: inclusive)
//   "V1, V2, …"                                              → exact versions
//   "all versions", "すべてのバージョン"                        → no bounds (every version)
// with an optional "version(s)" / "バージョン" / "ver." in front. An empty
// `versions` with a `fixed_in` means every version before the fix. When a
// range has no exclusive upper bound and `fixed_in` is given, fixed is set
// from it. Returns nullopt for anything else, or when both are empty.
std::optional<VersionRange> ParseVersionRange(std::string_view versions, std::string_view fixed_in);

// True for a version token: starts with a letter or digit, contains a digit,
// and has only letters, digits and . _ + - ~ :
bool IsVersionToken(std::string_view token);

// The range in the "vers" syntax (https://github.com/package-url/purl-spec,
// VERSION-RANGE-SPEC): "vers:generic/>=2.0.0|<2.4.1"; `scheme` is the
// versioning scheme ("generic", "npm", "semver", …).
std::string ToVers(const VersionRange& range, std::string_view scheme = "generic");

// True when `version` is a SemVer 2.0 version (an optional leading "v" allowed).
bool IsSemver(std::string_view version);

}  // namespace cvdhub::formats
