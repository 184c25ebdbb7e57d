// Export of a case as a Vultron ActivityStreams 2.0 object: a
// VulnerabilityCase with its CaseStatus, CaseParticipants (each with a
// ParticipantStatus) and active EmbargoEvent, in the shape of the CERTCC/Vultron
// examples (camelCase keys, states spelled "REPORT_MANAGEMENT_ACCEPTED",
// "EMBARGO_MANAGEMENT_ACTIVE", "VFd", "pxa").
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/vultron.hpp"

namespace cvdhub::formats {

// The "@context" of every object exported.
inline constexpr std::string_view kActivityStreamsContext = "https://www.w3.org/ns/activitystreams";

// One participant as of the export. Timestamps are ISO-8601 UTC strings,
// passed through as given.
struct VultronParticipantSnapshot {
  std::string id_url;     // the CaseParticipant's id, e.g. "<case_url>/participants/vendor-a"
  std::string actor_url;  // the organisation or person taking part, e.g. "https://…/orgs/vendor-a"
  std::string name;       // display name, e.g. "VendorCo"
  std::vector<domain::CvdRole> roles;  // e.g. {kVendor}; {kFinder, kReporter}
  domain::RmState rm = domain::RmState::kStart;
  domain::VendorLetters vendor;   // V, F, D as this participant knows them
  bool case_engagement = true;    // still engaged in the case (false once it left)
  bool embargo_adherence = true;  // honours the active embargo
  std::string last_status_at;     // when rm or vendor last changed: the status's published/updated
};

// The embargo in force.
struct VultronEmbargoSnapshot {
  std::string start_at;  // when it took effect (ISO-8601 UTC)
  std::string end_at;    // the agreed end, i.e. publication (ISO-8601 UTC)
};

// One case as of the export.
struct VultronCaseSnapshot {
  std::string case_url;    // the VulnerabilityCase id
  std::string name;        // e.g. "JVN#12345678"
  std::string summary;     // exported as "summary" when not empty; must be fit for every recipient
  std::string actor_url;   // the coordinator owning the case, exported as "attributedTo" when not empty
  std::string created_at;  // "published"
  std::string updated_at;  // "updated" of the case and its status; created_at when empty
  domain::EmState em = domain::EmState::kNone;
  std::optional<VultronEmbargoSnapshot> embargo;  // exported as activeEmbargo while em is ACTIVE or REVISE
  domain::PublicLetters pub;                      // P, X, A of the case
  std::vector<std::string> report_urls;           // "vulnerabilityReports"
  std::vector<VultronParticipantSnapshot> participants;
};

// The case as a VulnerabilityCase object: caseStatus (one CaseStatus, id
// "<case_url>/status"), caseParticipants (each with one ParticipantStatus,
// id "<id_url>/status", embedding the CaseStatus), activeEmbargo or null.
nlohmann::json VultronCaseToJson(const VultronCaseSnapshot& c);

}  // namespace cvdhub::formats
