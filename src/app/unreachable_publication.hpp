// The one integration point between the unreachable-developer path and the
// publication component: how a committee-approved advisory is published
// (G7-2, fig. 6) with the advisory machinery of app/publication.hpp.
#pragma once

#include "app/coordination.hpp"
#include "app/publication.hpp"
#include "app/unreachable.hpp"

namespace cvdhub::app {

// A publisher for Unreachable::set_publisher. For the case it:
//  1. takes the advisory draft (created on first use) and adds "vendor's
//     view: none", the history of how it came to publication and the
//     verification notes to the coordinator's notes, and the developer's
//     product to the products (once: a retry does not add them twice);
//  2. sets the case's publication moment to now, agreed: the committee's
//     decision stands in for the developer's agreement (the others in the
//     vendor table, if any, are told);
//  3. schedules the advisory (the usual checks: complete, CVE IDs free) and
//     publishes what is due.
// Fails with the publication side's error (e.g. an incomplete draft), and the
// entry stays "decided" so that the coordinator can fix it and publish again.
ApprovedPublisher PublishThroughAdvisory(Context& ctx, Coordination& coordination, Publication& publication);

}  // namespace cvdhub::app
