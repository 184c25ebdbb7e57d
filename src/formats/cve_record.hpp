// CVE JSON 5.1 records (CVE Record Format 5.1.1) for the vulnerabilities of
// a published advisory, as the coordinator's CNA publishes them (P-III).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "domain/advisory.hpp"
#include "domain/result.hpp"
#include "formats/export_common.hpp"

namespace cvdhub::formats {

// The CNA's identity at the CVE Program (app::CnaConfig mirrors it).
struct CveCna {
  std::string org_id;      // UUID
  std::string short_name;  // 2–32 characters
};

// The full record (dataType CVE_RECORD, dataVersion 5.1, state PUBLISHED)
// of `cve_id` in `p`: the CNA container has English (and, where written,
// Japanese) descriptions, affected products with version ranges where the
// advisory's versions read as one (else status unknown), the CWE, CVSS v3.x
// and v4.0 metrics with computed scores, references, credits from the
// acknowledgements, and datePublic.
// NotFound when the advisory has no vulnerability with that CVE ID, or the ID
// was assigned by another CNA (its record is that CNA's). Conflict when the
// vulnerability has no English description or title anywhere in the advisory
// (a CVE record must have one).
Result<nlohmann::json> CveRecord(const domain::PublicAdvisory& p, std::string_view cve_id,
                                 const ExportConfig& config, const CveCna& cna);

}  // namespace cvdhub::formats
