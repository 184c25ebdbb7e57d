// libFuzzer target for the small text parsers of the domain: CVSS vectors,
// the holiday-override file, the SSVC decision table, CPE and package URLs,
// dates. Each must accept or refuse with an error naming the problem.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "domain/calendar.hpp"
#include "domain/cvss.hpp"
#include "domain/registry.hpp"
#include "domain/ssvc.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  (void)cvdhub::domain::ScoreCvss(in);
  (void)cvdhub::domain::ParseDate(in);
  (void)cvdhub::domain::ValidateCpe(in);
  (void)cvdhub::domain::ValidatePurl(in);
  (void)cvdhub::domain::CpeVendorProduct(in);
  (void)cvdhub::domain::PurlBase(in);
  if (size < 4096) {
    if (auto overrides = cvdhub::domain::ParseHolidayOverrides(in)) {
      const cvdhub::domain::BusinessCalendar calendar(std::move(*overrides));
      (void)calendar.Holidays(2026);
    }
    (void)cvdhub::domain::SsvcDecisionTable::Parse(in);
  }
  return 0;
}
