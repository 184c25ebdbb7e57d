#include "mail/compose.hpp"

#include "mail/openpgp.hpp"

namespace cvdhub::mail {

Result<Composed> Compose(const ComposeInput& in) {
  Composed out;
  const bool encrypt = !in.recipient_public_key.empty();
  // Encrypted mail carries the real headers inside (protected headers).
  const std::string body = BuildBodyEntity(in.mail, in.boundary_token, encrypt);
  if (encrypt) {
    auto armored = EncryptTo(body, in.recipient_public_key, in.signer_secret_key);
    if (!armored) {
      Error e = Error::Invalid("key", "the recipient's OpenPGP key cannot be used to encrypt");
      e.internal = armored.error().internal.empty() ? armored.error().message : armored.error().internal;
      return e;
    }
    out.raw = AssembleMessage(in.mail, BuildEncryptedEntity(*armored, in.boundary_token));
    out.encrypted = true;
    out.signed_ = !in.signer_secret_key.empty();
    return out;
  }
  if (!in.signer_secret_key.empty()) {
    auto signature = SignDetached(body, in.signer_secret_key);
    if (!signature) return signature.error();
    out.raw = AssembleMessage(in.mail, BuildSignedEntity(body, *signature, in.boundary_token));
    out.signed_ = true;
    return out;
  }
  out.raw = AssembleMessage(in.mail, body);
  return out;
}

}  // namespace cvdhub::mail
