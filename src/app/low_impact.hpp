// The low-impact path (PROCESS.md §2, G8-4): a coordinator may handle a
// product case of low impact simply — the developer is sent the
// vulnerability information and coordination ends there. Recorded with the
// reason as the case's event; the case is closed, the developers mailed and
// the finder told.
#pragma once

#include <string>
#include <vector>

#include "app/context.hpp"
#include "app/policy.hpp"
#include "domain/case.hpp"

namespace cvdhub::app {

// What closing a case as low-impact would do (for the confirmation form).
struct LowImpactPreview {
  domain::Case c;
  bool closed = false;               // already closed: nothing more to do
  bool has_details = false;          // the case's details, which the developers are sent, are written
  std::vector<std::string> vendors;  // registered developers of the case who would be mailed
  std::vector<std::string> skipped;  // developers left out: not registered yet (G2-3)
};

class LowImpact {
 public:
  explicit LowImpact(Context& ctx) : ctx_(ctx) {}

  // The case's coordinators only (AuthorizeCase kCoordinate); NotFound otherwise.
  Result<LowImpactPreview> Preview(const Actor& actor, domain::CaseId id);
  // Mails the case details to every registered developer of the case, closes
  // it (status "closed_low_impact", the embargo ended), records the reason and
  // tells the finder. Conflict when the case is closed, has no details or no
  // registered developer; Invalid without a reason.
  Status Close(const Actor& actor, domain::CaseId id, const std::string& reason);

 private:
  Context& ctx_;
};

}  // namespace cvdhub::app
