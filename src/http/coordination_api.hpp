// The coordination and vendor-registry routes of the JSON API (/api/v1/cases, /api/v1/vendors).
#pragma once

#include "app/services.hpp"
#include "http/router.hpp"

namespace cvdhub::http {

void RegisterCoordinationApi(Router& router, app::Services& services);

}  // namespace cvdhub::http
