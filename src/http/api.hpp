// The JSON API under /api/v1/ (its description: /api/v1/openapi.json).
#pragma once

#include "app/services.hpp"
#include "http/router.hpp"

namespace cvdhub::http {

// Adds /healthz and every /api/v1/ route to `router`.
void RegisterApi(Router& router, app::Services& services);

}  // namespace cvdhub::http
