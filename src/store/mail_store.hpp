// The mail component's part of a store transaction: the durable outbox,
// recipient keys, and inbound mail bookkeeping (issue "Mail").
#pragma once

#include "domain/result.hpp"

namespace cvdhub::store {

class MailTx {
 public:
  virtual ~MailTx() = default;
};

}  // namespace cvdhub::store
