// The publication routes of the JSON API: the coordinator's advisory draft
// (/api/v1/cases/{id}/advisory…), the vendors' review of it, and the public
// advisories (/api/v1/advisories…).
#pragma once

#include "app/services.hpp"
#include "http/router.hpp"

namespace cvdhub::http {

void RegisterPublicationApi(Router& router, app::Services& services);

}  // namespace cvdhub::http
