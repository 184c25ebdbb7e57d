// The unreachable-developer routes of the JSON API: the public list
// (/api/v1/unreachable), a developer's contact attempts and stages in a case
// (/api/v1/cases/:id/vendors/:vid/…) and the committee (/api/v1/committee).
#pragma once

#include "app/services.hpp"
#include "http/router.hpp"

namespace cvdhub::http {

void RegisterUnreachableApi(Router& router, app::Services& services);

}  // namespace cvdhub::http
