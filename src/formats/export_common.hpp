// What every machine-readable form of a published advisory shares (CSAF, CVE
// records, OSV, feeds): where things live, the publisher, the CWE names, the
// status of each product in the vendor table, and text helpers.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/advisory.hpp"
#include "i18n/catalog.hpp"

namespace cvdhub::formats {

// Where the portal is and who publishes: the inputs of every export besides
// the advisory itself. Documents built from one config are byte-for-byte
// reproducible (so their hashes and signatures can be cached).
struct ExportConfig {
  std::string base_url = "http://127.0.0.1:8080";  // scheme://host[:port], no trailing slash
  std::string publisher_name = "cvdhub";           // CSAF publisher, feed author
  std::string publisher_namespace;                 // a URL the publisher controls; empty: base_url
  const i18n::Catalog* catalog = &i18n::Catalog::Default();

  std::string Namespace() const { return publisher_namespace.empty() ? base_url : publisher_namespace; }
  std::string_view Text(domain::Language lang, std::string_view key) const { return catalog->Get(lang, key); }
};

// "JVN#12345678" → "JVN%2312345678": one path segment, RFC 3986 unreserved
// characters kept, everything else percent-encoded.
std::string EncodePathSegment(std::string_view segment);
// The advisory's page on the portal: base_url + "/advisories/" + encoded identifier.
std::string AdvisoryUrl(const ExportConfig& config, std::string_view identifier);

// `url` as an RFC 3986 URI: bytes outside printable ASCII, spaces and the
// characters " < > \ ^ ` { | } percent-encoded (an IRI with Japanese in it
// becomes a URI). Empty unless it starts with http:// or https://.
std::string SafeUri(std::string_view url);

// The CWE name of "CWE-79" from the compiled-in list (data/cwe_names.tsv, the
// names the CSAF validator checks), or nullopt for an unknown id.
std::optional<std::string_view> CweName(std::string_view cwe_id);
// "https://cwe.mitre.org/data/definitions/79.html"; empty for a malformed id.
std::string CweUrl(std::string_view cwe_id);

// How one product row of the advisory stands, from its vendor's status in
// the vendor table (PROCESS.md §4.9; reference/README "CSAF status mapping").
// A product whose vendor has no row is one the advisory names as affected.
std::optional<domain::VendorStatus> ProductVendorStatus(const domain::PublicAdvisory& p,
                                                        const domain::AdvisoryProduct& product);
// The vendor row a product belongs to (by vendor id, else by name), or null.
const domain::AdvisoryVendorRow* VendorRowOf(const domain::PublicAdvisory& p,
                                             const domain::AdvisoryProduct& product);
// True for "affected" and "affected, still investigating" (and products without a vendor row).
bool IsAffected(std::optional<domain::VendorStatus> status);

// The vendor's name in `lang` (English name when asked for and known).
const std::string& VendorName(const domain::AdvisoryVendorRow& v, domain::Language lang);
// A bilingual field in `lang`, falling back to the other language when empty.
const std::string& TextIn(const domain::Bilingual& b, domain::Language lang);

// `text` cut to at most `max_chars` Unicode code points (never inside a
// UTF-8 sequence), with "…" as the last character when it was cut.
std::string TruncateUtf8(std::string_view text, std::size_t max_chars);
// `text` with leading and trailing ASCII whitespace removed.
std::string_view Trim(std::string_view text);

// The moment of the last public change: modified_at, or the newest update
// or vendor statement, never earlier than published_at.
domain::Timestamp LastModified(const domain::PublicAdvisory& p);
// published_at (or, defensively, created_at).
domain::Timestamp FirstPublished(const domain::PublicAdvisory& p);

// RFC 3339 in JST as JVN writes it: "2026-11-24T19:05+09:00" (minutes) or,
// with seconds, "2026-11-24T19:05:00+09:00".
std::string JstW3cdtf(domain::Timestamp t, bool with_seconds = false);
// RFC 7231 HTTP-date: "Tue, 24 Nov 2026 10:05:00 GMT".
std::string HttpDate(domain::Timestamp t);

}  // namespace cvdhub::formats
