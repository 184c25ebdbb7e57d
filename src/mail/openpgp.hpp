// OpenPGP through RNP, in memory: inspect keys, generate the coordinator's
// key, encrypt and sign outgoing mail, decrypt and verify incoming mail.
// Every call uses a fresh keyring holding only the keys it is given, so
// calls are independent and thread-safe; no agent or key files are used.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.hpp"

namespace cvdhub::mail {

// What a public key says about itself.
struct KeyInfo {
  std::string fingerprint;            // primary key, upper-case hex
  std::vector<std::string> user_ids;
  bool can_encrypt = false;           // it or a subkey is valid for encryption
  bool revoked = false;
  bool expired = false;
};

// A newly generated keypair, both halves ASCII-armored.
struct KeyPair {
  std::string public_armored;
  std::string secret_armored;
  std::string fingerprint;
};

enum class SignatureState {
  kNone,        // the message was not signed
  kValid,       // a good signature by a key we hold
  kInvalid,     // the signature does not match the data
  kUnknownKey,  // signed by a key we do not hold
  kExpired,     // a good signature, but it or its key has expired
  kError,       // the signature could not be checked
};
std::string_view SignatureStateName(SignatureState state);  // "none", "valid", …

struct SignatureCheck {
  SignatureState state = SignatureState::kNone;
  std::string signer;  // fingerprint when known, else the key id
  std::string detail;
};

// The plain text of a decrypted message and what its signatures said.
struct Decrypted {
  std::string plaintext;
  bool was_encrypted = false;
  SignatureCheck signature;
};

// Parses one ASCII-armored (or binary) public key. Invalid when it is not an
// OpenPGP public key, holds a secret key, holds more than one primary key,
// or has no valid encryption subkey.
Result<KeyInfo> InspectPublicKey(std::string_view key);

// Generates an Ed25519 signing key with an X25519 encryption subkey for
// `user_id` (e.g. "cvdhub <cvd@example.org>"), unprotected.
Result<KeyPair> GenerateKeyPair(std::string_view user_id);

// The public half of a secret key (armored). Invalid if it is not a secret key.
Result<std::string> PublicKeyOf(std::string_view secret_key);

// Encrypts `plaintext` to `recipient_public_key`; signs inside the encryption
// (RFC 3156 §6.2) when `signer_secret_key` is not empty. Returns an armored
// OpenPGP message.
Result<std::string> EncryptTo(std::string_view plaintext, std::string_view recipient_public_key,
                              std::string_view signer_secret_key = {});

// A detached, armored SHA-256 signature over `data` (multipart/signed with
// micalg=pgp-sha256).
Result<std::string> SignDetached(std::string_view data, std::string_view signer_secret_key);

// Decrypts an OpenPGP message (armored or binary) with `secret_key` and
// checks its signatures against `verify_keys`. A message that is only signed
// (not encrypted) is accepted too. Invalid when the data is not OpenPGP or
// is not encrypted to `secret_key`.
Result<Decrypted> DecryptAndVerify(std::string_view message, std::string_view secret_key,
                                   const std::vector<std::string>& verify_keys);

// Checks a detached signature over `data` against `verify_keys`.
SignatureCheck VerifyDetached(std::string_view data, std::string_view signature,
                              const std::vector<std::string>& verify_keys);

// Checks a cleartext-signed message ("-----BEGIN PGP SIGNED MESSAGE-----")
// and returns the text it signs. Invalid when the block does not parse.
Result<Decrypted> VerifyCleartext(std::string_view message, const std::vector<std::string>& verify_keys);

}  // namespace cvdhub::mail
