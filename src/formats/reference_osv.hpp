// OSV entries (the Open Source Vulnerability format, ossf/osv-schema) as
// reference records: read for import, written back for export. Kept: id,
// schema_version, modified, published, withdrawn, aliases, related, summary,
// details, severity, affected (package ecosystem/name/purl, ranges with
// their events, versions) and references; credits and database_specific /
// ecosystem_specific are not stored.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "domain/reference.hpp"
#include "domain/result.hpp"

namespace cvdhub::formats {

// Reads one OSV entry. Invalid, naming the member, for malformed JSON, an
// entry that is not OSV (a CVE record is told so), a missing or malformed id,
// a missing modified, a malformed date-time, an unknown range event or a
// member of the wrong type.
Result<domain::ReferenceRecord> ParseOsvReference(std::string_view line);
Result<domain::ReferenceRecord> OsvReferenceFromJson(const nlohmann::json& j);

// The record as an OSV entry.
nlohmann::ordered_json OsvReferenceToJson(const domain::ReferenceRecord& r);

}  // namespace cvdhub::formats
