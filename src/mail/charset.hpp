// Text of any charset to UTF-8, the way Japanese mail needs it: labels are
// often wrong (Shift_JIS that is really CP932, ISO-2022-JP with NEC
// characters such as ①, 8-bit headers without any label), so decoding falls
// back to the Microsoft supersets and to detection instead of failing.
#pragma once

#include <string>
#include <string_view>

namespace cvdhub::mail {

struct DecodedText {
  std::string text;          // valid UTF-8
  std::string charset_used;  // what decoded it, e.g. "CP932", "ISO-2022-JP+CP50221", "UTF-8"
  bool lossy = false;        // some bytes could not be decoded and became U+FFFD
};

// Decodes `bytes` labelled `charset` (empty: unlabelled) to UTF-8. Never
// fails: undecodable bytes become U+FFFD and `lossy` is set.
DecodedText DecodeToUtf8(std::string_view bytes, std::string_view charset);

// Decodes a raw header value: unfolds it, decodes RFC 2047 encoded-words
// (B and Q, any charset; adjacent words are joined before decoding so a
// character split across words survives) and unlabelled 8-bit or
// ISO-2022-JP text. Sets *lossy when anything became U+FFFD.
std::string DecodeHeader(std::string_view raw, bool* lossy = nullptr);

// Replaces invalid UTF-8 (and NUL) in `bytes` with U+FFFD.
std::string SanitizeUtf8(std::string_view bytes, bool* changed = nullptr);

// Lenient base64 decoding (skips characters outside the alphabet).
std::string DecodeBase64(std::string_view text);

}  // namespace cvdhub::mail
