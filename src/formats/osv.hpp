// OSV JSON (schema 1.7) for advisories about open-source packages: the
// products with a package URL of an ecosystem OSV knows.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "domain/advisory.hpp"
#include "domain/result.hpp"
#include "formats/export_common.hpp"

namespace cvdhub::formats {

// The OSV id of an advisory: OSV has no home-database prefix for JVN
// identifiers, so the schema's private prefix: "JVN#12345678" → "x_JVN-12345678".
std::string OsvId(std::string_view identifier);

// The OSV record (in English where translated): id, modified, published,
// aliases (the CVE IDs), summary, details, affected packages (ecosystem and
// name from the purl; ranges from versions / fixed_in where they read as a
// range, else listed versions), severity (CVSS v3.x and v4.0 vectors),
// references, credits and database_specific {identifier, url}. Only products
// whose vendor is affected are listed.
// NotFound (with a message saying why) when no affected product has a
// package URL of a known OSV ecosystem.
Result<nlohmann::json> OsvRecord(const domain::PublicAdvisory& p, const ExportConfig& config);

}  // namespace cvdhub::formats
