#include "mail/openpgp.hpp"

#include <fcntl.h>
#include <rnp/rnp.h>
#include <rnp/rnp_err.h>
#include <unistd.h>

#include <memory>
#include <utility>

namespace cvdhub::mail {
namespace {

// Decrypted or signed data larger than this is refused (a decompression bomb guard).
constexpr std::size_t kMaxOutput = 64U << 20;

// RAII holders for RNP's handles and strings.
struct FfiDeleter {
  void operator()(rnp_ffi_st* p) const { rnp_ffi_destroy(p); }
};
struct InputDeleter {
  void operator()(rnp_input_st* p) const { rnp_input_destroy(p); }
};
struct OutputDeleter {
  void operator()(rnp_output_st* p) const { rnp_output_destroy(p); }
};
struct KeyDeleter {
  void operator()(rnp_key_handle_st* p) const { rnp_key_handle_destroy(p); }
};
struct BufferDeleter {
  void operator()(char* p) const { rnp_buffer_destroy(p); }
};
using Ffi = std::unique_ptr<rnp_ffi_st, FfiDeleter>;
using Input = std::unique_ptr<rnp_input_st, InputDeleter>;
using Output = std::unique_ptr<rnp_output_st, OutputDeleter>;
using Key = std::unique_ptr<rnp_key_handle_st, KeyDeleter>;
using Buffer = std::unique_ptr<char, BufferDeleter>;

Error RnpError(std::string_view op, rnp_result_t rc) {
  return Error::Internal(std::string("rnp ") + std::string(op) + ": " + rnp_result_to_string(rc));
}

// RNP reports details on its log stream; they are not for our users.
int NullFd() {
  static const int fd = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
  return fd;
}

Result<Ffi> NewFfi() {
  rnp_ffi_t raw = nullptr;
  if (auto rc = rnp_ffi_create(&raw, "GPG", "GPG"); rc != RNP_SUCCESS) return RnpError("ffi_create", rc);
  Ffi ffi(raw);
  // RNP takes ownership of the descriptor (fdopen, and fclose when the ffi
  // is destroyed): it gets its own copy, never one somebody else uses.
  if (NullFd() >= 0) {
    const int fd = ::fcntl(NullFd(), F_DUPFD_CLOEXEC, 0);
    if (fd >= 0 && rnp_ffi_set_log_fd(ffi.get(), fd) != RNP_SUCCESS) ::close(fd);
  }
  return ffi;
}

Result<Input> MemoryInput(std::string_view data) {
  rnp_input_t raw = nullptr;
  // RNP refuses a null buffer even for zero bytes.
  static const std::uint8_t kEmpty = 0;
  const auto* bytes = data.empty() ? &kEmpty : reinterpret_cast<const std::uint8_t*>(data.data());
  if (auto rc = rnp_input_from_memory(&raw, bytes, data.size(), false); rc != RNP_SUCCESS) {
    return RnpError("input_from_memory", rc);
  }
  return Input(raw);
}

Result<Output> MemoryOutput() {
  rnp_output_t raw = nullptr;
  if (auto rc = rnp_output_to_memory(&raw, kMaxOutput); rc != RNP_SUCCESS) return RnpError("output_to_memory", rc);
  return Output(raw);
}

std::string OutputString(rnp_output_t out) {
  std::uint8_t* buf = nullptr;
  std::size_t len = 0;
  if (rnp_output_memory_get_buf(out, &buf, &len, false) != RNP_SUCCESS || buf == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(buf), len);
}

std::string TakeString(char* p) {
  Buffer holder(p);
  return p == nullptr ? std::string() : std::string(p);
}

// Imports keys (public and/or secret) into `ffi`.
Status Import(rnp_ffi_t ffi, std::string_view key, std::uint32_t flags) {
  auto in = MemoryInput(key);
  if (!in) return in.error();
  if (auto rc = rnp_import_keys(ffi, in->get(), flags, nullptr); rc != RNP_SUCCESS) {
    Error e = Error::Invalid("key", "not an OpenPGP key");
    e.internal = std::string("rnp_import_keys: ") + rnp_result_to_string(rc);
    return e;
  }
  return {};
}

// The primary keys in `ffi`.
Result<std::vector<Key>> PrimaryKeys(rnp_ffi_t ffi) {
  rnp_identifier_iterator_t it = nullptr;
  if (auto rc = rnp_identifier_iterator_create(ffi, &it, "fingerprint"); rc != RNP_SUCCESS) {
    return RnpError("identifier_iterator_create", rc);
  }
  std::vector<Key> out;
  const char* fpr = nullptr;
  while (rnp_identifier_iterator_next(it, &fpr) == RNP_SUCCESS && fpr != nullptr) {
    rnp_key_handle_t key = nullptr;
    if (rnp_locate_key(ffi, "fingerprint", fpr, &key) != RNP_SUCCESS || key == nullptr) continue;
    Key holder(key);
    bool primary = false;
    if (rnp_key_is_primary(key, &primary) == RNP_SUCCESS && primary) out.push_back(std::move(holder));
  }
  rnp_identifier_iterator_destroy(it);
  return out;
}

std::string Fingerprint(rnp_key_handle_t key) {
  char* fpr = nullptr;
  if (rnp_key_get_fprint(key, &fpr) != RNP_SUCCESS) return {};
  return TakeString(fpr);
}

// True when the key or one of its subkeys may encrypt now.
bool CanEncrypt(rnp_key_handle_t primary) {
  auto usable = [](rnp_key_handle_t k) {
    bool allows = false;
    bool valid = false;
    bool revoked = false;
    bool expired = false;
    (void)rnp_key_allows_usage(k, "encrypt", &allows);
    (void)rnp_key_is_valid(k, &valid);
    (void)rnp_key_is_revoked(k, &revoked);
    (void)rnp_key_is_expired(k, &expired);
    return allows && valid && !revoked && !expired;
  };
  if (usable(primary)) return true;
  std::size_t count = 0;
  if (rnp_key_get_subkey_count(primary, &count) != RNP_SUCCESS) return false;
  for (std::size_t i = 0; i < count; ++i) {
    rnp_key_handle_t sub = nullptr;
    if (rnp_key_get_subkey_at(primary, i, &sub) != RNP_SUCCESS) continue;
    Key holder(sub);
    if (usable(sub)) return true;
  }
  return false;
}

// Imports exactly one primary public key and returns it.
Result<Key> ImportOnePublic(rnp_ffi_t ffi, std::string_view public_key) {
  if (auto st = Import(ffi, public_key, RNP_LOAD_SAVE_PUBLIC_KEYS); !st) return st.error();
  auto keys = PrimaryKeys(ffi);
  if (!keys) return keys.error();
  if (keys->size() != 1) return Error::Invalid("key", "expected exactly one OpenPGP public key");
  return std::move(keys->front());
}

// Imports a secret key and returns its primary key handle.
Result<Key> ImportSecret(rnp_ffi_t ffi, std::string_view secret_key) {
  if (auto st = Import(ffi, secret_key, RNP_LOAD_SAVE_SECRET_KEYS | RNP_LOAD_SAVE_PUBLIC_KEYS); !st) {
    return st.error();
  }
  auto keys = PrimaryKeys(ffi);
  if (!keys) return keys.error();
  for (auto& k : *keys) {
    bool secret = false;
    if (rnp_key_have_secret(k.get(), &secret) == RNP_SUCCESS && secret) return std::move(k);
  }
  return Error::Invalid("key", "not an OpenPGP secret key");
}

// Imports verification keys, skipping any that do not parse.
void ImportVerifyKeys(rnp_ffi_t ffi, const std::vector<std::string>& keys) {
  for (const auto& k : keys) (void)Import(ffi, k, RNP_LOAD_SAVE_PUBLIC_KEYS | RNP_LOAD_SAVE_PERMISSIVE);
}

// The outcome of the signatures an RNP verify operation saw: the first
// good one wins; otherwise the first problem is reported.
SignatureCheck ReadSignatures(rnp_op_verify_t op) {
  SignatureCheck out;
  std::size_t count = 0;
  if (rnp_op_verify_get_signature_count(op, &count) != RNP_SUCCESS || count == 0) return out;
  for (std::size_t i = 0; i < count; ++i) {
    rnp_op_verify_signature_t sig = nullptr;
    if (rnp_op_verify_get_signature_at(op, i, &sig) != RNP_SUCCESS) continue;
    const rnp_result_t status = rnp_op_verify_signature_get_status(sig);
    SignatureCheck check;
    rnp_key_handle_t key = nullptr;
    if (rnp_op_verify_signature_get_key(sig, &key) == RNP_SUCCESS && key != nullptr) {
      Key holder(key);
      char* primary = nullptr;
      if (rnp_key_get_primary_fprint(key, &primary) == RNP_SUCCESS && primary != nullptr) {
        check.signer = TakeString(primary);
      } else {
        check.signer = Fingerprint(key);
      }
    } else {
      rnp_signature_handle_t handle = nullptr;
      if (rnp_op_verify_signature_get_handle(sig, &handle) == RNP_SUCCESS && handle != nullptr) {
        char* keyid = nullptr;
        if (rnp_signature_get_keyid(handle, &keyid) == RNP_SUCCESS) check.signer = TakeString(keyid);
        rnp_signature_handle_destroy(handle);
      }
    }
    switch (status) {
      case RNP_SUCCESS:
        check.state = SignatureState::kValid;
        check.detail = "good signature";
        return check;
      case RNP_ERROR_SIGNATURE_EXPIRED:
        check.state = SignatureState::kExpired;
        check.detail = "signature or key expired";
        break;
      case RNP_ERROR_KEY_NOT_FOUND:
        check.state = SignatureState::kUnknownKey;
        check.detail = "signed by a key that is not registered";
        break;
      case RNP_ERROR_SIGNATURE_INVALID:
        check.state = SignatureState::kInvalid;
        check.detail = "bad signature: the message was changed or the signature is forged";
        break;
      default:
        check.state = SignatureState::kError;
        check.detail = std::string("signature not checked: ") + rnp_result_to_string(status);
        break;
    }
    if (out.state == SignatureState::kNone) out = std::move(check);
  }
  return out;
}

}  // namespace

std::string_view SignatureStateName(SignatureState state) {
  switch (state) {
    case SignatureState::kNone: return "none";
    case SignatureState::kValid: return "valid";
    case SignatureState::kInvalid: return "invalid";
    case SignatureState::kUnknownKey: return "unknown_key";
    case SignatureState::kExpired: return "expired";
    case SignatureState::kError: return "error";
  }
  return "error";
}

Result<KeyInfo> InspectPublicKey(std::string_view key) {
  if (key.find("PRIVATE KEY BLOCK") != std::string_view::npos) {
    return Error::Invalid("key", "this is a secret key; upload the public key only");
  }
  auto ffi = NewFfi();
  if (!ffi) return ffi.error();
  auto primary = ImportOnePublic(ffi->get(), key);
  if (!primary) return primary.error();
  bool secret = false;
  if (rnp_key_have_secret(primary->get(), &secret) == RNP_SUCCESS && secret) {
    return Error::Invalid("key", "this is a secret key; upload the public key only");
  }
  KeyInfo info;
  info.fingerprint = Fingerprint(primary->get());
  std::size_t uids = 0;
  if (rnp_key_get_uid_count(primary->get(), &uids) == RNP_SUCCESS) {
    for (std::size_t i = 0; i < uids; ++i) {
      char* uid = nullptr;
      if (rnp_key_get_uid_at(primary->get(), i, &uid) == RNP_SUCCESS) info.user_ids.push_back(TakeString(uid));
    }
  }
  (void)rnp_key_is_revoked(primary->get(), &info.revoked);
  (void)rnp_key_is_expired(primary->get(), &info.expired);
  info.can_encrypt = CanEncrypt(primary->get());
  if (info.revoked) return Error::Invalid("key", "the key is revoked");
  if (info.expired) return Error::Invalid("key", "the key has expired");
  if (!info.can_encrypt) return Error::Invalid("key", "the key has no valid encryption subkey");
  return info;
}

Result<KeyPair> GenerateKeyPair(std::string_view user_id) {
  auto ffi = NewFfi();
  if (!ffi) return ffi.error();
  rnp_key_handle_t raw = nullptr;
  const std::string uid(user_id);
  if (auto rc = rnp_generate_key_25519(ffi->get(), uid.c_str(), nullptr, &raw); rc != RNP_SUCCESS) {
    return RnpError("generate_key_25519", rc);
  }
  Key key(raw);
  KeyPair pair;
  pair.fingerprint = Fingerprint(key.get());
  for (const bool secret : {false, true}) {
    auto out = MemoryOutput();
    if (!out) return out.error();
    const std::uint32_t flags = RNP_KEY_EXPORT_ARMORED | RNP_KEY_EXPORT_SUBKEYS |
                                (secret ? RNP_KEY_EXPORT_SECRET : RNP_KEY_EXPORT_PUBLIC);
    if (auto rc = rnp_key_export(key.get(), out->get(), flags); rc != RNP_SUCCESS) return RnpError("key_export", rc);
    (secret ? pair.secret_armored : pair.public_armored) = OutputString(out->get());
  }
  return pair;
}

Result<std::string> PublicKeyOf(std::string_view secret_key) {
  auto ffi = NewFfi();
  if (!ffi) return ffi.error();
  auto key = ImportSecret(ffi->get(), secret_key);
  if (!key) return key.error();
  auto out = MemoryOutput();
  if (!out) return out.error();
  if (auto rc = rnp_key_export(key->get(), out->get(),
                               RNP_KEY_EXPORT_ARMORED | RNP_KEY_EXPORT_SUBKEYS | RNP_KEY_EXPORT_PUBLIC);
      rc != RNP_SUCCESS) {
    return RnpError("key_export", rc);
  }
  return OutputString(out->get());
}

Result<std::string> EncryptTo(std::string_view plaintext, std::string_view recipient_public_key,
                              std::string_view signer_secret_key) {
  auto ffi = NewFfi();
  if (!ffi) return ffi.error();
  auto recipient = ImportOnePublic(ffi->get(), recipient_public_key);
  if (!recipient) return recipient.error();
  Key signer;
  if (!signer_secret_key.empty()) {
    auto s = ImportSecret(ffi->get(), signer_secret_key);
    if (!s) return s.error();
    signer = std::move(*s);
  }
  auto in = MemoryInput(plaintext);
  if (!in) return in.error();
  auto out = MemoryOutput();
  if (!out) return out.error();
  rnp_op_encrypt_t op = nullptr;
  if (auto rc = rnp_op_encrypt_create(&op, ffi->get(), in->get(), out->get()); rc != RNP_SUCCESS) {
    return RnpError("op_encrypt_create", rc);
  }
  std::unique_ptr<rnp_op_encrypt_st, decltype(&rnp_op_encrypt_destroy)> holder(op, rnp_op_encrypt_destroy);
  if (auto rc = rnp_op_encrypt_add_recipient(op, recipient->get()); rc != RNP_SUCCESS) {
    Error e = Error::Invalid("key", "the recipient's key cannot encrypt");
    e.internal = std::string("rnp_op_encrypt_add_recipient: ") + rnp_result_to_string(rc);
    return e;
  }
  if (signer) {
    if (auto rc = rnp_op_encrypt_add_signature(op, signer.get(), nullptr); rc != RNP_SUCCESS) {
      return RnpError("op_encrypt_add_signature", rc);
    }
    (void)rnp_op_encrypt_set_hash(op, "SHA256");
  }
  (void)rnp_op_encrypt_set_armor(op, true);
  (void)rnp_op_encrypt_set_cipher(op, "AES256");
  if (auto rc = rnp_op_encrypt_execute(op); rc != RNP_SUCCESS) return RnpError("op_encrypt_execute", rc);
  return OutputString(out->get());
}

Result<std::string> SignDetached(std::string_view data, std::string_view signer_secret_key) {
  auto ffi = NewFfi();
  if (!ffi) return ffi.error();
  auto signer = ImportSecret(ffi->get(), signer_secret_key);
  if (!signer) return signer.error();
  auto in = MemoryInput(data);
  if (!in) return in.error();
  auto out = MemoryOutput();
  if (!out) return out.error();
  rnp_op_sign_t op = nullptr;
  if (auto rc = rnp_op_sign_detached_create(&op, ffi->get(), in->get(), out->get()); rc != RNP_SUCCESS) {
    return RnpError("op_sign_detached_create", rc);
  }
  std::unique_ptr<rnp_op_sign_st, decltype(&rnp_op_sign_destroy)> holder(op, rnp_op_sign_destroy);
  if (auto rc = rnp_op_sign_add_signature(op, signer->get(), nullptr); rc != RNP_SUCCESS) {
    return RnpError("op_sign_add_signature", rc);
  }
  (void)rnp_op_sign_set_hash(op, "SHA256");
  (void)rnp_op_sign_set_armor(op, true);
  if (auto rc = rnp_op_sign_execute(op); rc != RNP_SUCCESS) return RnpError("op_sign_execute", rc);
  return OutputString(out->get());
}

Result<Decrypted> DecryptAndVerify(std::string_view message, std::string_view secret_key,
                                   const std::vector<std::string>& verify_keys) {
  auto ffi = NewFfi();
  if (!ffi) return ffi.error();
  if (!secret_key.empty()) {
    auto key = ImportSecret(ffi->get(), secret_key);
    if (!key) return key.error();
  }
  ImportVerifyKeys(ffi->get(), verify_keys);
  auto in = MemoryInput(message);
  if (!in) return in.error();
  auto out = MemoryOutput();
  if (!out) return out.error();
  rnp_op_verify_t op = nullptr;
  if (auto rc = rnp_op_verify_create(&op, ffi->get(), in->get(), out->get()); rc != RNP_SUCCESS) {
    return RnpError("op_verify_create", rc);
  }
  std::unique_ptr<rnp_op_verify_st, decltype(&rnp_op_verify_destroy)> holder(op, rnp_op_verify_destroy);
  // A bad signature must not hide the plaintext: it is reported, not fatal.
  (void)rnp_op_verify_set_flags(op, RNP_VERIFY_IGNORE_SIGS_ON_DECRYPT);
  const rnp_result_t rc = rnp_op_verify_execute(op);
  Decrypted d;
  char* mode = nullptr;
  char* cipher = nullptr;
  bool valid = false;
  if (rnp_op_verify_get_protection_info(op, &mode, &cipher, &valid) == RNP_SUCCESS) {
    d.was_encrypted = TakeString(mode) != "none";
    TakeString(cipher);
  }
  if (rc != RNP_SUCCESS && rc != RNP_ERROR_SIGNATURE_INVALID && rc != RNP_ERROR_KEY_NOT_FOUND &&
      rc != RNP_ERROR_SIGNATURE_EXPIRED) {
    const bool not_for_us = rc == RNP_ERROR_NO_SUITABLE_KEY || rc == RNP_ERROR_DECRYPT_FAILED;
    Error e = Error::Invalid("message", not_for_us ? "not encrypted to the coordinator's key"
                                                   : "not a readable OpenPGP message");
    e.internal = std::string("rnp_op_verify_execute: ") + rnp_result_to_string(rc);
    return e;
  }
  if (rc == RNP_ERROR_KEY_NOT_FOUND && d.was_encrypted && OutputString(out->get()).empty()) {
    // The decryption key itself was missing.
    Error e = Error::Invalid("message", "not encrypted to the coordinator's key");
    e.internal = "rnp_op_verify_execute: key not found";
    return e;
  }
  d.plaintext = OutputString(out->get());
  d.signature = ReadSignatures(op);
  return d;
}

SignatureCheck VerifyDetached(std::string_view data, std::string_view signature,
                              const std::vector<std::string>& verify_keys) {
  SignatureCheck failed{.state = SignatureState::kError, .detail = "signature could not be read"};
  auto ffi = NewFfi();
  if (!ffi) return failed;
  ImportVerifyKeys(ffi->get(), verify_keys);
  auto in = MemoryInput(data);
  auto sig = MemoryInput(signature);
  if (!in || !sig) return failed;
  rnp_op_verify_t op = nullptr;
  if (rnp_op_verify_detached_create(&op, ffi->get(), in->get(), sig->get()) != RNP_SUCCESS) return failed;
  std::unique_ptr<rnp_op_verify_st, decltype(&rnp_op_verify_destroy)> holder(op, rnp_op_verify_destroy);
  const rnp_result_t rc = rnp_op_verify_execute(op);
  SignatureCheck check = ReadSignatures(op);
  if (check.state == SignatureState::kNone) {
    failed.detail = std::string("signature could not be read: ") + rnp_result_to_string(rc);
    return failed;
  }
  return check;
}

Result<Decrypted> VerifyCleartext(std::string_view message, const std::vector<std::string>& verify_keys) {
  auto d = DecryptAndVerify(message, {}, verify_keys);
  if (!d) return d.error();
  return d;
}

}  // namespace cvdhub::mail
