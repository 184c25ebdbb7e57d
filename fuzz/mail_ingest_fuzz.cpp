// libFuzzer target for the ingest parser: any bytes an MTA may hand to
// `cvdhub mail ingest` must parse or be refused with an error, never crash,
// hang or read out of bounds. Built with -DCVDHUB_FUZZ=ON (clang); run by
// `make fuzz`. A fixed coordinator key lets inputs reach the PGP paths.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "domain/report.hpp"
#include "mail/charset.hpp"
#include "mail/openpgp.hpp"
#include "mail/parse.hpp"

namespace {

const std::string& SecretKey() {
  static const std::string key = [] {
    auto pair = cvdhub::mail::GenerateKeyPair("fuzz <fuzz@cvdhub.invalid>");
    return pair ? pair->secret_armored : std::string();
  }();
  return key;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view raw(reinterpret_cast<const char*>(data), size);
  cvdhub::mail::ParseOptions options;
  options.secret_key = SecretKey();
  auto parsed = cvdhub::mail::ParseMail(raw, options);
  if (parsed) {
    // Everything the store receives as text must be valid UTF-8.
    using cvdhub::domain::IsValidUtf8;
    if (!IsValidUtf8(parsed->subject) || !IsValidUtf8(parsed->text) || !IsValidUtf8(parsed->from.name)) {
      __builtin_trap();
    }
    for (const auto& a : parsed->attachments) {
      if (!IsValidUtf8(a.filename) || a.filename.empty()) __builtin_trap();
    }
  }
  // The header decoder and the charset fallbacks see raw bytes directly too.
  (void)cvdhub::mail::DecodeHeader(raw.substr(0, 4096));
  (void)cvdhub::mail::DecodeToUtf8(raw.substr(0, 4096), size % 2 == 0 ? "iso-2022-jp" : "shift_jis");
  return 0;
}
