// Cryptographic building blocks: password hashing, random tokens, digests.
#pragma once

#include <string>
#include <string_view>

#include "domain/result.hpp"

namespace cvdhub::app {

// Initialises libsodium; call once at start-up. Returns Internal on failure.
Status InitCrypto();

// argon2id hash string (libsodium crypto_pwhash_str, INTERACTIVE limits).
Result<std::string> HashPassword(std::string_view password);
// True when `password` matches `hash`. Constant-time in the password.
bool VerifyPassword(std::string_view hash, std::string_view password);
// A password policy a person can act on: at least 10 characters, at most 1,024 bytes.
Status CheckPasswordPolicy(std::string_view password);

// `bytes` random bytes from the OS CSPRNG, URL-safe base64 without padding.
std::string RandomToken(std::size_t bytes = 32);
// Lowercase hex SHA-256 of `data`.
std::string Sha256Hex(std::string_view data);
// Constant-time string comparison.
bool ConstantTimeEquals(std::string_view a, std::string_view b);
// A uniformly random integer in [0, upper).
std::uint32_t RandomBelow(std::uint32_t upper);

}  // namespace cvdhub::app
