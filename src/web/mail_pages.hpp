// The browser interface of mail for intake staff: the quarantine queue, one
// inbound message (text, attachments with SHA-256, signature check, the
// original) with its actions (make it a report, dismiss).
#pragma once

#include "app/services.hpp"
#include "http/router.hpp"

namespace cvdhub::web {

void RegisterMailPages(http::Router& router, app::Services& services);

}  // namespace cvdhub::web
