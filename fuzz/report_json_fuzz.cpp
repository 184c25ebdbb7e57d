// libFuzzer target for report submissions (POST /api/v1/reports and
// `cvdhub report submit FILE.json`): parse, then validate what parsed.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "formats/report_json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  auto parsed = cvdhub::formats::ParseSubmissionJson(in);
  if (parsed) {
    (void)cvdhub::domain::ValidateSubmission(parsed->submission);
    for (const auto& a : parsed->attachments) (void)cvdhub::domain::ValidateAttachmentName(a.filename);
  }
  return 0;
}
