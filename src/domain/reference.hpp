// Reference records: vulnerability records other people published (CVE JSON
// 5.x records, OSV entries), imported so that the portal can show and search
// them next to our own advisories. The model keeps what an importer keeps —
// identity, state, dates, titles and descriptions with their language,
// affected products or packages, problem types (CWE), CVSS metrics,
// references and aliases — and nothing else; formats/cve_record and
// formats/osv_record read and write the wire forms.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/result.hpp"
#include "domain/search.hpp"

namespace cvdhub::domain {

enum class RecordKind { kCve, kOsv };
std::string_view RecordKindName(RecordKind kind);  // "cve", "osv"
std::optional<RecordKind> ParseRecordKind(std::string_view name);

// Record timestamps keep microseconds (CVE records carry them); always UTC.
using RecordTime = std::chrono::sys_time<std::chrono::microseconds>;

// Parses an RFC 3339 / ISO 8601 date-time "YYYY-MM-DDTHH:MM:SS[.fraction][Z|±HH:MM]".
// Without a zone it is UTC (the CVE schema allows that; a quarter of real
// records do it). Digits beyond microseconds are dropped. nullopt when malformed.
std::optional<RecordTime> ParseRecordTime(std::string_view text);
// "2024-08-01T16:27:56.465Z": the fraction only when not zero, three digits
// when it is whole milliseconds, else six.
std::string FormatRecordTime(RecordTime t);

// Who wrote a part of a CVE record: index 0 is the CNA, 1… the ADPs in order.
struct RecordContainer {
  std::string org_id;
  std::string short_name;
  std::optional<RecordTime> date_updated;
};

enum class TextKind { kTitle, kDescription, kRejectedReason };
std::string_view TextKindName(TextKind kind);  // "title", "description", "rejected_reason"
std::optional<TextKind> ParseTextKind(std::string_view name);

// A title or description. OSV's summary is a title, its details a
// description; OSV text carries no language ("").
struct RecordText {
  int container = 0;
  TextKind kind = TextKind::kDescription;
  std::string lang;
  std::string value;
};

// A CVE affected entry's version (or range: version with lessThan / lessThanOrEqual).
struct RecordVersion {
  std::string version;
  std::string status;  // "affected", "unaffected", "unknown"
  std::string less_than;
  std::string less_than_or_equal;
  std::string version_type;
};

// An OSV range: type ("SEMVER", "ECOSYSTEM", "GIT"), repo (GIT), and its
// events in order, each (kind, value) with kind "introduced", "fixed",
// "last_affected" or "limit".
struct RecordRange {
  std::string type;
  std::string repo;
  std::vector<std::pair<std::string, std::string>> events;
};

// One affected product (CVE) or package (OSV).
struct RecordAffected {
  int container = 0;
  // CVE
  std::string vendor;
  std::string product;
  std::string collection_url;
  std::string repo;
  std::string default_status;
  std::vector<std::string> cpes;
  std::vector<std::string> platforms;
  std::vector<RecordVersion> versions;
  // both: CVE packageName, OSV package.name
  std::string package_name;
  // OSV
  std::string ecosystem;
  std::string purl;
  std::vector<RecordRange> ranges;
  std::vector<std::string> enumerated_versions;  // OSV "versions"
};

// One problem type description; `group` is the index of the problemTypes
// entry it belongs to (CVE nests descriptions in groups).
struct RecordProblemType {
  int container = 0;
  int group = 0;
  std::string cwe_id;  // "CWE-79", may be empty
  std::string type;    // "CWE", "text"
  std::string lang;
  std::string description;
};

// A CVSS metric. `type` is the key as the source names it: CVE "cvssV3_1",
// "cvssV4_0", "cvssV3_0", "cvssV2_0"; OSV "CVSS_V3", "CVSS_V4", "CVSS_V2".
struct RecordMetric {
  int container = 0;
  std::string type;
  std::string vector;
  std::optional<double> score;  // CVE baseScore; for OSV computed from the vector when it parses
  std::string severity;         // CVE baseSeverity
};
// "3.1", "4.0", "3.0", "2.0", or "" for an unknown type.
std::string CvssVersionOf(std::string_view metric_type);

struct RecordReference {
  int container = 0;
  std::string url;
  std::string name;  // CVE
  std::string type;  // OSV: "ADVISORY", "FIX", "WEB", …
  std::vector<std::string> tags;  // CVE
};

struct ReferenceRecord {
  RecordKind kind = RecordKind::kCve;
  std::string id;              // "CVE-2024-1234", "GO-2024-0001"
  std::string state;           // CVE "PUBLISHED" or "REJECTED"; OSV "" (or "WITHDRAWN" when withdrawn)
  std::string format_version;  // CVE dataVersion ("5.1"), OSV schema_version
  std::string assigner_org_id;
  std::string assigner_short_name;
  std::optional<RecordTime> published;
  std::optional<RecordTime> modified;  // CVE dateUpdated, OSV modified
  std::optional<RecordTime> reserved;
  std::optional<RecordTime> rejected;
  std::optional<RecordTime> withdrawn;
  std::vector<RecordContainer> containers;  // CVE only
  std::vector<RecordText> texts;
  std::vector<RecordAffected> affected;
  std::vector<RecordProblemType> problem_types;
  std::vector<RecordMetric> metrics;
  std::vector<RecordReference> references;
  std::vector<std::string> aliases;  // OSV aliases
  std::vector<std::string> related;  // OSV related

  // The first title of the CNA (OSV summary), or "".
  std::string_view Title() const;
  // The CNA's description in `lang` ("en" matches "en-US"), else its first
  // description (the rejected reason of a rejected record), or "".
  std::string_view Description(std::string_view lang = "en") const;
};

// Checks the record's identity: a CVE ID "CVE-YYYY-NNNN…" for kCve; for kOsv
// an id of 1–100 letters, digits and . _ : - (it is a URL path segment).
Status ValidateRecordId(RecordKind kind, std::string_view id);

// The record's document in the search index: its id and aliases, titles,
// descriptions, affected vendors/products/packages and CWE. Its dates leave
// out placeholder times before 1970 (Go's zero time in OSV entries).
SearchDoc RecordSearchDoc(const ReferenceRecord& r);
// The portal's path of a record: "/records/<id>".
std::string RecordPath(std::string_view id);

}  // namespace cvdhub::domain
