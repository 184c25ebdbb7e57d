// The JSON wire form of reports (API and `cvdhub report submit FILE.json`).
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

#include "domain/report.hpp"

namespace cvdhub::formats {

struct ParsedSubmission {
  domain::ReportSubmission submission;
  std::vector<domain::AttachmentUpload> attachments;  // "attachments": [{filename, content_type, content_base64}]
};

// Parses a report submission. Rejects malformed JSON (with line and column),
// a non-object, unknown keys, and values of the wrong type, naming the field.
Result<ParsedSubmission> ParseSubmissionJson(std::string_view text);

// The report as the API shows it to a reader permitted to see it.
nlohmann::json ReportToJson(const domain::Report& r);
nlohmann::json AttachmentToJson(const domain::Attachment& a);
nlohmann::json MessageToJson(const domain::Message& m);
nlohmann::json EventToJson(const domain::Event& e);

// "2026-11-24T10:05:00Z"
std::string IsoUtc(domain::Timestamp t);
std::string IsoDate(std::chrono::sys_days d);

}  // namespace cvdhub::formats
