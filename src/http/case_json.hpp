// The JSON wire form of coordination: case views per audience, vendors,
// threads. Each encoder emits only what its audience may see. It shapes the
// app layer's views, so it lives with the API in http/.
#pragma once

#include <nlohmann/json.hpp>

#include "app/coordination.hpp"
#include "app/registry.hpp"
#include "app/vendor_filter.hpp"

namespace cvdhub::http {

nlohmann::json CaseSummaryToJson(const app::CaseSummary& s);
// The coordinator's view: the vendor summary, one page of the vendors that
// match `filter` (with their investigations and status history), clocks,
// proposals, pre-releases. Unset times and empty texts are left out.
nlohmann::json CaseViewToJson(const app::CaseView& v, domain::Timestamp now, const app::VendorFilter& filter);
// One vendor's view: its own record only.
nlohmann::json VendorCaseViewToJson(const app::VendorCaseView& v, domain::Timestamp now);
nlohmann::json PartnerCaseViewToJson(const app::PartnerCaseView& v);
nlohmann::json CaseMessageToJson(const domain::CaseMessage& m);
nlohmann::json VendorProfileToJson(const domain::VendorProfile& p);
nlohmann::json CandidateToJson(const domain::VendorCandidate& c);
// {"name","ja","en","csaf"} of a status.
nlohmann::json StatusToJson(std::optional<domain::VendorStatus> status);
// A timestamp as {"utc": "…Z", "jst": "… JST"}: always with its zone.
nlohmann::json TimeToJson(std::optional<domain::Timestamp> t);

}  // namespace cvdhub::http
