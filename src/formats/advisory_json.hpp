// The advisory model as JSON: the stored form of its sections and the
// API's form of drafts and published advisories.
#pragma once

#include <nlohmann/json.hpp>

#include "domain/advisory.hpp"
#include "domain/result.hpp"

namespace cvdhub::formats {

nlohmann::json SectionsToJson(const domain::AdvisorySections& s);
// Reads sections written by SectionsToJson or sent by a client; unknown keys
// are ignored, a field of the wrong type is an error naming it.
Result<domain::AdvisorySections> SectionsFromJson(const nlohmann::json& j);

// A whole advisory (draft or published) for the coordinator's API.
nlohmann::json AdvisoryToJson(const domain::Advisory& a);
// The editable parts of a draft sent by a client: sections, vulnerabilities, products.
Result<domain::Advisory> DraftFromJson(const nlohmann::json& j);

// A published advisory with its vendor table and update history.
nlohmann::json PublicAdvisoryToJson(const domain::PublicAdvisory& p);

}  // namespace cvdhub::formats
