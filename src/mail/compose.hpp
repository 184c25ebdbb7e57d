// Composing the bytes of one outgoing message: text plus HTML alternative,
// encrypted to the recipient's key when there is one (PGP/MIME, RFC 3156,
// signed inside the encryption), otherwise signed (multipart/signed) when
// the system has a key and signing is on, otherwise plain.
#pragma once

#include <string>

#include "domain/result.hpp"
#include "mail/mime.hpp"

namespace cvdhub::mail {

struct ComposeInput {
  OutgoingMail mail;
  std::string recipient_public_key;  // empty: the recipient has no key
  std::string signer_secret_key;     // empty: do not sign
  std::string boundary_token;        // random, makes MIME boundaries unique
};

struct Composed {
  std::string raw;  // the whole message, CRLF line ends
  bool encrypted = false;
  bool signed_ = false;
};

// Fails (Invalid, field "key") only when the recipient's key cannot be used:
// the caller decides whether the message may then go in clear.
Result<Composed> Compose(const ComposeInput& in);

}  // namespace cvdhub::mail
