// CSAF 2.0 (OASIS) documents of published advisories, and what a CSAF
// provider serves around them (provider metadata, the directory layout's
// index.txt and changes.csv, a ROLIE feed). PROCESS.md §8.
//
// Vendor statuses map to product_status as reference/README.md "CSAF status
// mapping used by cvdhub" says:
//   affected                         → known_affected; the first fixed version (fixed_in) → fixed,
//                                      with a vendor_fix remediation (else a mitigation / none_available)
//   affected, still investigating    → the named products known_affected, and the vendor's other
//                                      products under_investigation (PROCESS §4.9: both)
//   not affected                     → known_not_affected, flag component_not_present (the vendor
//                                      answered that its products do not use the implementation)
//   not affected, still investigating / information provided → under_investigation
// A vendor in the table without product rows gets one product, "<vendor> products".
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/advisory.hpp"
#include "formats/export_common.hpp"

namespace cvdhub::formats {

enum class CsafProfile { kSecurityAdvisory, kVex };

// The CSAF document (security_advisory or csaf_vex profile) of a published
// advisory in `lang` (en: English text where translated, source_lang ja).
// Deterministic: the same advisory and config give the same JSON.
nlohmann::json CsafDocument(const domain::PublicAdvisory& p, const ExportConfig& config,
                            domain::Language lang, CsafProfile profile = CsafProfile::kSecurityAdvisory);

// Serialises a CSAF (or any export) document: two-space indentation, UTF-8,
// a final newline. Invalid UTF-8 is replaced, never thrown.
std::string DumpJson(const nlohmann::json& j);

// CSAF §5.1: the tracking id lower-cased, every run of characters other than
// + - a-z 0-9 replaced by one '_', plus ".json": "JVN#12345678" → "jvn_12345678.json".
std::string CsafFileName(std::string_view tracking_id);
// "<YYYY>/<file name>" with the year of the initial release (UTC), CSAF requirement 11.
std::string CsafPath(const domain::PublicAdvisory& p);
// The TLP:WHITE directory of the provider: base_url + "/.well-known/csaf/white/".
std::string CsafDirectoryUrl(const ExportConfig& config);
std::string CsafUrl(const ExportConfig& config, const domain::PublicAdvisory& p);
std::string ProviderMetadataUrl(const ExportConfig& config);
std::string RolieFeedUrl(const ExportConfig& config);
// Where the provider's public OpenPGP key is served: …/.well-known/csaf/openpgp/<FINGERPRINT>.asc
std::string OpenPgpKeyUrl(const ExportConfig& config, std::string_view fingerprint);

// One document of the provider's directory.
struct CsafEntry {
  std::string path;  // "2026/jvn_12345678.json"
  std::string id;    // tracking id
  std::string title;
  domain::Timestamp initial_release{};
  domain::Timestamp current_release{};
};
CsafEntry CsafEntryOf(const domain::PublicAdvisory& p, domain::Language lang);

// index.txt: every path, one a line, sorted.
std::string CsafIndexTxt(std::vector<CsafEntry> entries);
// changes.csv: "path","current_release_date" per line, newest first.
std::string CsafChangesCsv(std::vector<CsafEntry> entries);
// The ROLIE feed of the TLP:WHITE documents (newest first), with hash and
// signature links when `signed_` is true.
nlohmann::json RolieFeed(const ExportConfig& config, std::vector<CsafEntry> entries, bool signed_);

// provider-metadata.json. With a signing key the role is
// csaf_trusted_provider (hashes and signatures are served), else csaf_provider.
struct ProviderKey {
  std::string fingerprint;  // upper-case hex
};
nlohmann::json ProviderMetadata(const ExportConfig& config, domain::Timestamp last_updated,
                                const std::optional<ProviderKey>& key);

}  // namespace cvdhub::formats
