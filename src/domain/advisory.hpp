// The advisory of a product case (PROCESS.md §4.10–4.11): its bilingual
// sections, vulnerabilities with CWE, CVSS and CVE ID, the products it is
// about, and — once public — the vendor table and its update history.
// Everything the portal, the feeds and the CSAF / CVE / OSV exports read.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/coordination.hpp"
#include "domain/result.hpp"

namespace cvdhub::domain {

// The English side of a bilingual field: Japanese is the source language of
// a JVN advisory, English its translation, and a half-translated advisory
// must be visible as such.
enum class Translation {
  kMissing,   // no English yet
  kDraft,     // English written, not checked
  kDone,      // checked against the Japanese
  kOutdated,  // the Japanese changed after the English was checked
};
std::string_view TranslationName(Translation t);
std::optional<Translation> ParseTranslation(std::string_view name);

struct Bilingual {
  std::string ja;
  std::string en;
  Translation translation = Translation::kMissing;
  const std::string& In(Language lang) const { return lang == Language::kEn && !en.empty() ? en : ja; }
  bool empty() const { return ja.empty() && en.empty(); }
};

enum class AdvisoryState { kDraft, kReview, kScheduled, kPublished, kWithdrawn };
std::string_view AdvisoryStateName(AdvisoryState s);
std::optional<AdvisoryState> ParseAdvisoryState(std::string_view name);

// Where a vulnerability's CVE ID came from (P-III).
enum class CveSource { kNone, kCnaBlock, kOtherCna };
std::string_view CveSourceName(CveSource s);  // "", "cna_block", "other_cna"
std::optional<CveSource> ParseCveSource(std::string_view name);

struct AdvisoryVulnerability {
  std::int64_t id = 0;
  int position = 0;
  std::string cve_id;        // "CVE-2026-40001"; empty until publication unless another CNA assigned one
  CveSource cve_source = CveSource::kNone;
  std::string cve_assigner;  // the other CNA
  std::string cwe;           // "CWE-79"
  Bilingual title;
  Bilingual description;
  std::string cvss31;        // base vector "CVSS:3.1/AV:N/…", or empty
  std::string cvss40;        // "CVSS:4.0/AV:N/…", or empty
};

struct AdvisoryProduct {
  std::int64_t id = 0;
  std::optional<std::int64_t> vendor_id;
  std::string vendor_name;
  std::string product;
  std::string versions;   // affected versions as published ("2.0.0 to 2.4.0", "< 2.4.1")
  std::string fixed_in;   // first fixed version, if any
  std::string cpe;        // CPE 2.3
  std::string purl;       // package URL (makes the advisory OSV-exportable)
};

struct AdvisoryReference {
  std::string title;
  std::string url;
  std::string kind = "external";  // "external", "vendor", "related" (関連文書)
};

// The sections of a JVN advisory (§4.10).
struct AdvisorySections {
  Bilingual title;
  Bilingual overview;
  Bilingual affected;          // affected systems, as prose
  Bilingual description;       // 詳細情報
  Bilingual impact;            // 想定される影響
  Bilingual solution;          // 対策方法
  Bilingual coordinator_notes; // JPCERT/CC からの補足
  Bilingual acknowledgements;  // 謝辞 (finder credit, if wanted)
  std::vector<AdvisoryReference> references;
};

// One dated entry of the public update history (G6-5).
struct AdvisoryUpdate {
  std::int64_t id = 0;
  Timestamp at{};
  std::string note_ja;
  std::string note_en;
};

struct Advisory {
  std::int64_t id = 0;
  CaseId case_id = 0;
  std::string identifier;  // the case identifier: "JVN#12345678" / "JVNVU#12345678"
  AdvisoryState state = AdvisoryState::kDraft;
  AdvisorySections sections;
  std::vector<AdvisoryVulnerability> vulnerabilities;
  std::vector<AdvisoryProduct> products;
  Timestamp created_at{};
  Timestamp updated_at{};
  std::optional<Timestamp> published_at;
  std::optional<Timestamp> modified_at;  // the last public change
  std::int64_t version = 1;
};

// A vendor's row in the published vendor table, with its statement history.
struct AdvisoryVendorRow {
  std::int64_t vendor_id = 0;
  std::string vendor_name;
  std::string vendor_name_en;
  VendorStatus status = VendorStatus::kInformationProvided;
  std::string statement;
  std::string advisory_url;
  std::optional<Timestamp> updated_at;
  std::vector<StatusHistoryEntry> history;  // oldest first
};

// Everything public about one published advisory: the input of the portal
// pages, the feeds and every export. Never built for an unpublished one.
struct PublicAdvisory {
  Advisory advisory;
  std::vector<AdvisoryVendorRow> vendors;
  std::vector<AdvisoryUpdate> updates;  // oldest first
};

// The slug of an identifier in file names ("JVN#12345678" → "jvn-12345678"),
// as used by the CSAF directory layout.
std::string AdvisorySlug(std::string_view identifier);

// Checks an advisory: CWE ids in "CWE-<n>" form, valid CVSS vectors,
// well-formed CVE IDs, http(s) reference URLs, package URLs and CPEs, text
// sizes and UTF-8. `complete` (before it may be scheduled) also requires a
// Japanese title and overview and at least one vulnerability.
Status ValidateAdvisory(const Advisory& a, bool complete = true);
// "CVE-YYYY-NNNN…" (four or more digits).
bool IsCveId(std::string_view id);
bool IsCweId(std::string_view id);

}  // namespace cvdhub::domain
