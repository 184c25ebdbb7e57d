// CVE JSON 5.x records (the CVE Program's record format) as reference
// records: read for import, written back for export. What is kept is what
// domain/reference.hpp holds; the rest of a record (SSVC and other metrics,
// credits, timelines, solutions, x_ extensions…) is not stored.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "domain/reference.hpp"
#include "domain/result.hpp"

namespace cvdhub::formats {

// Reads one CVE JSON 5 record (a line of a JSON Lines file). Invalid, naming
// the member, for malformed JSON, a record that is not a CVE record (an OSV
// entry is told so), a missing or malformed cveId, an unknown state, a
// malformed date-time, or a member of the wrong type. Timestamps without a
// zone are UTC.
Result<domain::ReferenceRecord> ParseCveReference(std::string_view line);
Result<domain::ReferenceRecord> CveReferenceFromJson(const nlohmann::json& j);

// The record as CVE JSON 5 (dataType CVE_RECORD): cveMetadata, the CNA
// container (published or rejected) and the ADP containers with the kept fields.
nlohmann::ordered_json CveReferenceToJson(const domain::ReferenceRecord& r);

}  // namespace cvdhub::formats
