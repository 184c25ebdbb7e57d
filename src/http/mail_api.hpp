// The mail routes: the coordinator's public key (GET /pgp-key.asc) and
// /api/v1/mail/ (quarantine, inbound mail, delivery status, recipient keys).
#pragma once

#include "app/services.hpp"
#include "http/router.hpp"

namespace cvdhub::http {

void RegisterMailApi(Router& router, app::Services& services);

}  // namespace cvdhub::http
