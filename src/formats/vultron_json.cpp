#include "formats/vultron_json.hpp"

#include <string>

namespace cvdhub::formats {
namespace {

using nlohmann::json;

// The fields every Vultron object starts with.
json VultronObject(std::string_view type, const std::string& id, const std::string& name) {
  return json{{"@context", kActivityStreamsContext}, {"type", type}, {"id", id}, {"name", name}};
}

json CaseStatusToJson(const VultronCaseSnapshot& c, const std::string& updated) {
  const std::string em = domain::EmStateWireName(c.em);
  const std::string pxa = c.pub.ToString();
  json status = VultronObject("CaseStatus", c.case_url + "/status", em + " " + pxa);
  status["context"] = c.case_url;
  status["published"] = c.created_at;
  status["updated"] = updated;
  status["emState"] = em;
  status["pxaState"] = pxa;
  return status;
}

json ParticipantToJson(const VultronCaseSnapshot& c, const VultronParticipantSnapshot& p,
                       const json& case_status) {
  json roles = json::array();
  for (const domain::CvdRole role : p.roles) roles.push_back(domain::CvdRoleName(role));

  const std::string rm = domain::RmStateWireName(p.rm);
  const std::string vfd = p.vendor.ToString();
  // As in the Vultron example case_participant.json: the status names the
  // participant's whole (RM, CS, EM) view and embeds the case status.
  json status = VultronObject("ParticipantStatus", p.id_url + "/status",
                              rm + " " + vfd + " " + case_status["name"].get<std::string>());
  status["context"] = p.id_url;
  status["published"] = p.last_status_at;
  status["updated"] = p.last_status_at;
  status["actor"] = p.actor_url;
  status["rmState"] = rm;
  status["vfdState"] = vfd;
  status["caseEngagement"] = p.case_engagement;
  status["embargoAdherence"] = p.embargo_adherence;
  status["caseStatus"] = case_status;

  json participant = VultronObject("CaseParticipant", p.id_url, p.name);
  participant["context"] = c.case_url;
  participant["actor"] = p.actor_url;
  participant["caseRoles"] = std::move(roles);
  participant["participantStatus"] = json::array({std::move(status)});
  return participant;
}

json EmbargoToJson(const VultronCaseSnapshot& c, const VultronEmbargoSnapshot& e) {
  json event = VultronObject("EmbargoEvent", c.case_url + "/embargo_events/" + e.end_at,
                             "Embargo for " + c.case_url + " start: " + e.start_at + " end: " + e.end_at);
  event["context"] = c.case_url;
  event["startTime"] = e.start_at;
  event["endTime"] = e.end_at;
  event["published"] = e.start_at;
  event["updated"] = e.start_at;
  event["content"] = "Embargo on " + c.name + " until " + e.end_at + ".";
  return event;
}

}  // namespace

json VultronCaseToJson(const VultronCaseSnapshot& c) {
  const std::string updated = c.updated_at.empty() ? c.created_at : c.updated_at;
  const json case_status = CaseStatusToJson(c, updated);

  json participants = json::array();
  for (const VultronParticipantSnapshot& p : c.participants) {
    participants.push_back(ParticipantToJson(c, p, case_status));
  }

  json vulnerability_case = VultronObject("VulnerabilityCase", c.case_url, c.name);
  if (!c.summary.empty()) vulnerability_case["summary"] = c.summary;
  if (!c.actor_url.empty()) vulnerability_case["attributedTo"] = json::array({c.actor_url});
  vulnerability_case["published"] = c.created_at;
  vulnerability_case["updated"] = updated;
  vulnerability_case["caseParticipants"] = std::move(participants);
  vulnerability_case["vulnerabilityReports"] = c.report_urls;
  vulnerability_case["caseStatus"] = json::array({case_status});
  // An embargo is in force while ACTIVE and while a revision of it is
  // negotiated (REVISE); Vultron writes null, not nothing, when there is none.
  const bool in_force = c.em == domain::EmState::kActive || c.em == domain::EmState::kRevise;
  vulnerability_case["activeEmbargo"] = in_force && c.embargo ? EmbargoToJson(c, *c.embargo) : json(nullptr);
  return vulnerability_case;
}

}  // namespace cvdhub::formats
