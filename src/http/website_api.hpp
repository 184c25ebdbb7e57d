// The website track's routes of the JSON API (/api/v1/website/…) and the
// low-impact close of a product case (/api/v1/cases/:id/low-impact).
#pragma once

#include "app/services.hpp"
#include "http/router.hpp"

namespace cvdhub::http {

void RegisterWebsiteApi(Router& router, app::Services& services);

}  // namespace cvdhub::http
