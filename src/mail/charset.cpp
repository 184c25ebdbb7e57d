#include "mail/charset.hpp"

#include <iconv.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <optional>
#include <vector>

#include "domain/report.hpp"

namespace cvdhub::mail {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

// Strict conversion with iconv: nullopt if the charset is unknown to iconv
// or any byte sequence is invalid or incomplete.
std::optional<std::string> Iconv(std::string_view bytes, const char* from) {
  iconv_t cd = iconv_open("UTF-8", from);
  if (cd == reinterpret_cast<iconv_t>(-1)) return std::nullopt;
  std::string out;
  out.resize(bytes.size() * 4 + 16);
  std::string in(bytes);  // iconv wants a mutable input pointer
  char* inp = in.data();
  std::size_t inleft = in.size();
  char* outp = out.data();
  std::size_t outleft = out.size();
  bool ok = true;
  while (inleft > 0) {
    const std::size_t rc = iconv(cd, &inp, &inleft, &outp, &outleft);
    if (rc != static_cast<std::size_t>(-1)) break;
    if (errno == E2BIG) {
      const std::size_t used = static_cast<std::size_t>(outp - out.data());
      out.resize(out.size() * 2);
      outp = out.data() + used;
      outleft = out.size() - used;
      continue;
    }
    ok = false;  // EILSEQ or EINVAL
    break;
  }
  if (ok) {
    // Flush the shift state (ISO-2022-JP ends in ASCII).
    if (iconv(cd, nullptr, nullptr, &outp, &outleft) == static_cast<std::size_t>(-1)) ok = false;
  }
  iconv_close(cd);
  if (!ok) return std::nullopt;
  out.resize(static_cast<std::size_t>(outp - out.data()));
  // NUL is valid in some charsets but not in our text.
  out.erase(std::remove(out.begin(), out.end(), '\0'), out.end());
  return out;
}

bool IsAscii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

bool HasIso2022JpEscape(std::string_view s) {
  return s.find("\x1b$B") != std::string_view::npos || s.find("\x1b$@") != std::string_view::npos ||
         s.find("\x1b(J") != std::string_view::npos || s.find("\x1b(I") != std::string_view::npos;
}

// ISO-2022-JP as Microsoft writes it (CP50221: NEC row 13, IBM extensions,
// half-width katakana) is turned into CP932 bytes by the JIS → Shift_JIS
// arithmetic, which covers what glibc's ISO-2022-JP decoder refuses.
std::string JisToSjis(std::string_view in) {
  enum class Mode { kAscii, kJis0208, kKatakana, kJis0212 } mode = Mode::kAscii;
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    const auto c = static_cast<unsigned char>(in[i]);
    if (c == 0x1b && i + 2 < in.size()) {
      const std::string_view esc = in.substr(i + 1, 2);
      if (esc == "(B" || esc == "(J") {
        mode = Mode::kAscii;
        i += 2;
        continue;
      }
      if (esc == "$B" || esc == "$@") {
        mode = Mode::kJis0208;
        i += 2;
        continue;
      }
      if (esc == "(I") {
        mode = Mode::kKatakana;
        i += 2;
        continue;
      }
      if (esc == "$(" && i + 3 < in.size()) {
        mode = in[i + 3] == 'D' ? Mode::kJis0212 : Mode::kJis0208;
        i += 3;
        continue;
      }
    }
    if (c == 0x0e) {  // SO: half-width katakana (some old mailers)
      mode = Mode::kKatakana;
      continue;
    }
    if (c == 0x0f) {  // SI
      mode = Mode::kAscii;
      continue;
    }
    if (c == '\r' || c == '\n') {
      out += static_cast<char>(c);
      continue;
    }
    switch (mode) {
      case Mode::kAscii:
        out += static_cast<char>(c);
        break;
      case Mode::kKatakana:
        out += static_cast<char>(c >= 0x21 && c <= 0x5f ? c + 0x80 : c);
        break;
      case Mode::kJis0208:
      case Mode::kJis0212: {
        if (i + 1 >= in.size()) break;
        const auto j1 = c;
        const auto j2 = static_cast<unsigned char>(in[++i]);
        if (mode == Mode::kJis0212 || j1 < 0x21 || j1 > 0x7e || j2 < 0x21 || j2 > 0x7e) {
          out += "\x81\x48";  // a full-width question mark: not representable
          break;
        }
        const unsigned s1 = ((j1 + 1U) >> 1U) + (j1 <= 0x5e ? 0x70U : 0xb0U);
        const unsigned s2 = j2 + ((j1 & 1U) != 0 ? (j2 >= 0x60 ? 0x20U : 0x1fU) : 0x7eU);
        out += static_cast<char>(s1);
        out += static_cast<char>(s2);
        break;
      }
    }
  }
  return out;
}

enum class Family { kUtf8, kAscii, kShiftJis, kIso2022Jp, kEucJp, kLatin1, kOther, kNone };

Family FamilyOf(const std::string& lower) {
  if (lower.empty()) return Family::kNone;
  if (lower == "utf-8" || lower == "utf8" || lower == "x-unicode20utf8") return Family::kUtf8;
  if (lower == "us-ascii" || lower == "ascii" || lower == "ansi_x3.4-1968" || lower == "646") return Family::kAscii;
  if (lower == "shift_jis" || lower == "shift-jis" || lower == "sjis" || lower == "x-sjis" || lower == "ms_kanji" ||
      lower == "csshiftjis" || lower == "windows-31j" || lower == "cp932" || lower == "ms932" ||
      lower == "x-ms-cp932" || lower == "shift_jisx0213") {
    return Family::kShiftJis;
  }
  if (lower.starts_with("iso-2022-jp") || lower == "csiso2022jp" || lower == "jis" || lower == "cp50220" ||
      lower == "cp50221" || lower == "cp50222") {
    return Family::kIso2022Jp;
  }
  if (lower == "euc-jp" || lower == "x-euc-jp" || lower == "eucjp" || lower == "ujis" || lower == "eucjp-ms" ||
      lower == "cseucpkdfmtjapanese" || lower == "euc-jp-ms") {
    return Family::kEucJp;
  }
  if (lower == "iso-8859-1" || lower == "latin1" || lower == "iso_8859-1" || lower == "windows-1252" ||
      lower == "cp1252") {
    return Family::kLatin1;
  }
  return Family::kOther;
}

std::optional<DecodedText> TryJapanese(std::string_view bytes, Family family) {
  switch (family) {
    case Family::kShiftJis:
      if (auto t = Iconv(bytes, "CP932")) return DecodedText{*t, "CP932", false};
      if (auto t = Iconv(bytes, "SHIFT_JISX0213")) return DecodedText{*t, "SHIFT_JISX0213", false};
      break;
    case Family::kIso2022Jp:
      if (auto t = Iconv(bytes, "ISO-2022-JP-2")) return DecodedText{*t, "ISO-2022-JP", false};
      if (auto t = Iconv(JisToSjis(bytes), "CP932")) return DecodedText{*t, "ISO-2022-JP+CP50221", false};
      if (auto t = Iconv(bytes, "ISO-2022-JP-3")) return DecodedText{*t, "ISO-2022-JP-3", false};
      break;
    case Family::kEucJp:
      if (auto t = Iconv(bytes, "EUC-JP-MS")) return DecodedText{*t, "EUC-JP-MS", false};
      if (auto t = Iconv(bytes, "EUC-JP")) return DecodedText{*t, "EUC-JP", false};
      break;
    default:
      break;
  }
  return std::nullopt;
}

// UTF-8 with a few damaged sequences (a cut-off last character, a bad byte)
// is still UTF-8: far more characters decode than fail.
std::optional<DecodedText> MostlyUtf8(std::string_view bytes) {
  std::size_t good = 0;
  std::size_t bad = 0;
  std::size_t first_bad = bytes.size();
  std::size_t i = 0;
  while (i < bytes.size()) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    const std::size_t len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    if (len != 0 && i + len <= bytes.size() && domain::IsValidUtf8(bytes.substr(i, len))) {
      ++good;
      i += len;
    } else {
      first_bad = std::min(first_bad, i);
      ++bad;
      ++i;
    }
  }
  // A character cut off at the very end (a truncated part) …
  const bool cut_off_tail = bad > 0 && first_bad + 4 > bytes.size() && good >= 1;
  // … or a few bad bytes among many good characters.
  if (!cut_off_tail && (good < 3 || bad * 8 > good)) return std::nullopt;
  return DecodedText{SanitizeUtf8(bytes), "UTF-8", true};
}

// Unlabelled (or mislabelled) bytes: UTF-8, ISO-2022-JP by its escapes,
// EUC-JP, CP932, then windows-1252, which decodes anything.
DecodedText Detect(std::string_view bytes) {
  // ISO-2022-JP is 7-bit, so it would pass for UTF-8: its escapes decide first.
  if (HasIso2022JpEscape(bytes)) {
    if (auto t = TryJapanese(bytes, Family::kIso2022Jp)) return *t;
  }
  if (domain::IsValidUtf8(bytes)) return {std::string(bytes), "UTF-8", false};
  if (auto t = MostlyUtf8(bytes)) return *t;
  if (!IsAscii(bytes)) {
    if (auto t = TryJapanese(bytes, Family::kEucJp)) return *t;
    if (auto t = TryJapanese(bytes, Family::kShiftJis)) return *t;
  }
  if (auto t = Iconv(bytes, "WINDOWS-1252")) return {*t, "WINDOWS-1252", false};
  bool changed = false;
  std::string text = SanitizeUtf8(bytes, &changed);
  return {std::move(text), "UTF-8", changed};
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// One RFC 2047 encoded-word at `pos` ("=?charset?B?text?="), or nullopt.
struct EncodedWord {
  std::string charset;
  std::string bytes;
  std::size_t end = 0;  // one past the closing "?="
};

std::optional<EncodedWord> ParseEncodedWord(std::string_view s, std::size_t pos) {
  if (s.substr(pos, 2) != "=?") return std::nullopt;
  const std::size_t q1 = s.find('?', pos + 2);
  if (q1 == std::string_view::npos || q1 + 2 >= s.size() || s[q1 + 2] != '?') return std::nullopt;
  const char enc = static_cast<char>(std::toupper(static_cast<unsigned char>(s[q1 + 1])));
  if (enc != 'B' && enc != 'Q') return std::nullopt;
  const std::size_t text_start = q1 + 3;
  const std::size_t close = s.find("?=", text_start);
  if (close == std::string_view::npos) return std::nullopt;
  const std::string_view text = s.substr(text_start, close - text_start);
  if (text.find_first_of(" \t\r\n") != std::string_view::npos) return std::nullopt;
  EncodedWord w;
  w.charset = std::string(s.substr(pos + 2, q1 - pos - 2));
  if (const std::size_t star = w.charset.find('*'); star != std::string::npos) w.charset.resize(star);  // RFC 2231 language
  if (w.charset.empty()) return std::nullopt;
  if (enc == 'B') {
    w.bytes = DecodeBase64(text);
  } else {
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '_') {
        w.bytes += ' ';
      } else if (text[i] == '=' && i + 2 < text.size() && HexValue(text[i + 1]) >= 0 && HexValue(text[i + 2]) >= 0) {
        w.bytes += static_cast<char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2]));
        i += 2;
      } else {
        w.bytes += text[i];
      }
    }
  }
  w.end = close + 2;
  return w;
}

}  // namespace

std::string SanitizeUtf8(std::string_view bytes, bool* changed) {
  std::string out;
  out.reserve(bytes.size());
  bool any = false;
  std::size_t i = 0;
  while (i < bytes.size()) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    if (c == 0) {
      out += kReplacement;
      any = true;
      ++i;
      continue;
    }
    if (c < 0x80) {
      out += static_cast<char>(c);
      ++i;
      continue;
    }
    std::size_t len = 0;
    if ((c & 0xe0) == 0xc0) {
      len = 2;
    } else if ((c & 0xf0) == 0xe0) {
      len = 3;
    } else if ((c & 0xf8) == 0xf0) {
      len = 4;
    }
    if (len != 0 && i + len <= bytes.size() && domain::IsValidUtf8(bytes.substr(i, len))) {
      out.append(bytes.substr(i, len));
      i += len;
    } else {
      out += kReplacement;
      any = true;
      ++i;
    }
  }
  if (changed != nullptr) *changed = any;
  return out;
}

std::string DecodeBase64(std::string_view text) {
  std::string out;
  out.reserve(text.size() * 3 / 4);
  std::uint32_t buffer = 0;
  int bits = 0;
  for (char ch : text) {
    int v = -1;
    if (ch >= 'A' && ch <= 'Z') v = ch - 'A';
    else if (ch >= 'a' && ch <= 'z') v = ch - 'a' + 26;
    else if (ch >= '0' && ch <= '9') v = ch - '0' + 52;
    else if (ch == '+' || ch == '-') v = 62;
    else if (ch == '/' || ch == '_') v = 63;
    else if (ch == '=') break;
    if (v < 0) continue;
    buffer = (buffer << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xff);
    }
  }
  return out;
}

DecodedText DecodeToUtf8(std::string_view bytes, std::string_view charset) {
  std::string label = Lower(charset);
  label.erase(std::remove(label.begin(), label.end(), '"'), label.end());
  const Family family = FamilyOf(label);
  if (bytes.empty()) return {std::string(), label.empty() ? "UTF-8" : label, false};
  switch (family) {
    case Family::kUtf8:
      if (domain::IsValidUtf8(bytes)) return {std::string(bytes), "UTF-8", false};
      return Detect(bytes);  // mislabelled: often CP932 or Latin-1
    case Family::kAscii:
      if (IsAscii(bytes) && !HasIso2022JpEscape(bytes)) return {std::string(bytes), "US-ASCII", false};
      return Detect(bytes);
    case Family::kShiftJis:
    case Family::kIso2022Jp:
    case Family::kEucJp:
      if (auto t = TryJapanese(bytes, family)) return *t;
      return Detect(bytes);
    case Family::kLatin1:
      if (domain::IsValidUtf8(bytes) && !IsAscii(bytes)) return {std::string(bytes), "UTF-8", false};
      if (auto t = Iconv(bytes, "WINDOWS-1252")) return {*t, "WINDOWS-1252", false};
      if (auto t = Iconv(bytes, "ISO-8859-1")) return {*t, "ISO-8859-1", false};
      return Detect(bytes);
    case Family::kOther:
      if (auto t = Iconv(bytes, label.c_str())) return {*t, label, false};
      return Detect(bytes);
    case Family::kNone:
      return Detect(bytes);
  }
  return Detect(bytes);
}

std::string DecodeHeader(std::string_view raw, bool* lossy) {
  // Unfold: a line break followed by white space is white space.
  std::string value;
  value.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '\r' || raw[i] == '\n') continue;
    value += raw[i];
  }
  const std::size_t first = value.find_first_not_of(" \t");
  const std::size_t last = value.find_last_not_of(" \t");
  value = first == std::string::npos ? std::string() : value.substr(first, last - first + 1);

  std::string out;
  bool any_lossy = false;
  std::string pending_charset;  // consecutive encoded-words of one charset
  std::string pending_bytes;
  auto flush_pending = [&] {
    if (pending_charset.empty()) return;
    DecodedText d = DecodeToUtf8(pending_bytes, pending_charset);
    any_lossy = any_lossy || d.lossy;
    out += d.text;
    pending_charset.clear();
    pending_bytes.clear();
  };
  std::string plain;  // raw text between encoded-words
  auto flush_plain = [&] {
    if (plain.empty()) return;
    DecodedText d = DecodeToUtf8(plain, "");
    any_lossy = any_lossy || d.lossy;
    out += d.text;
    plain.clear();
  };

  std::size_t i = 0;
  bool last_was_word = false;
  while (i < value.size()) {
    if (auto w = ParseEncodedWord(value, i)) {
      // White space between two encoded-words is not part of the text (RFC 2047 §6.2).
      if (last_was_word && plain.find_first_not_of(" \t") == std::string::npos) plain.clear();
      flush_plain();
      if (!pending_charset.empty() && Lower(pending_charset) != Lower(w->charset)) flush_pending();
      pending_charset = w->charset;
      pending_bytes += w->bytes;
      i = w->end;
      last_was_word = true;
      continue;
    }
    if (!pending_charset.empty() && value[i] != ' ' && value[i] != '\t') {
      flush_pending();
      last_was_word = false;
    }
    if (!pending_charset.empty() && (value[i] == ' ' || value[i] == '\t')) {
      // Hold the white space until we know whether another word follows.
      plain += value[i++];
      continue;
    }
    plain += value[i++];
  }
  if (last_was_word && plain.find_first_not_of(" \t") == std::string::npos) plain.clear();
  flush_pending();
  flush_plain();
  if (lossy != nullptr) *lossy = any_lossy;
  return out;
}

}  // namespace cvdhub::mail
