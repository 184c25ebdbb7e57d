#include "domain/search.hpp"

#include <algorithm>
#include <array>

namespace cvdhub::domain {
namespace {

constexpr char32_t kInvalid = 0xFFFFFFFF;

// Decodes the code point at `pos`; kInvalid (length 1) for a malformed,
// overlong or surrogate sequence.
std::pair<char32_t, std::size_t> DecodeUtf8(std::string_view s, std::size_t pos) {
  const auto b0 = static_cast<unsigned char>(s[pos]);
  if (b0 < 0x80) return {b0, 1};
  std::size_t len = 0;
  char32_t cp = 0;
  char32_t min = 0;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2, cp = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, cp = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, cp = b0 & 0x07, min = 0x10000;
  } else {
    return {kInvalid, 1};
  }
  if (pos + len > s.size()) return {kInvalid, 1};
  for (std::size_t i = 1; i < len; ++i) {
    const auto b = static_cast<unsigned char>(s[pos + i]);
    if ((b & 0xC0) != 0x80) return {kInvalid, 1};
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return {kInvalid, 1};
  return {cp, len};
}

void AppendUtf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Half-width katakana U+FF61…U+FF9F as full-width (NFKC); the sound marks
// become the combining ones, which Normalize then composes.
constexpr std::array<char16_t, 63> kHalfwidthKana = {
    u'。', u'「', u'」', u'、', u'・', u'ヲ', u'ァ', u'ィ', u'ゥ', u'ェ', u'ォ', u'ャ', u'ュ', u'ョ', u'ッ', u'ー',
    u'ア', u'イ', u'ウ', u'エ', u'オ', u'カ', u'キ', u'ク', u'ケ', u'コ', u'サ', u'シ', u'ス', u'セ', u'ソ', u'タ',
    u'チ', u'ツ', u'テ', u'ト', u'ナ', u'ニ', u'ヌ', u'ネ', u'ノ', u'ハ', u'ヒ', u'フ', u'ヘ', u'ホ', u'マ', u'ミ',
    u'ム', u'メ', u'モ', u'ヤ', u'ユ', u'ヨ', u'ラ', u'リ', u'ル', u'レ', u'ロ', u'ワ', u'ン', u'\u3099', u'\u309A'};

// Folds one code point: full-width ASCII to ASCII, the ideographic space to
// a space, half-width katakana to full-width, upper case to lower case (ASCII,
// Latin-1, Latin Extended-A, Greek, Cyrillic; the index's tokenizer folds the rest).
char32_t Fold(char32_t cp) {
  if (cp < 0x80) return (cp >= 'A' && cp <= 'Z') ? cp + 0x20 : cp;
  if (cp >= 0xFF01 && cp <= 0xFF5E) return Fold(cp - 0xFEE0);
  if (cp == 0x3000) return U' ';
  if (cp >= 0xFF61 && cp <= 0xFF9F) return kHalfwidthKana[cp - 0xFF61];
  if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) return cp + 0x20;
  if (cp == 0x178) return 0xFF;  // Ÿ → ÿ
  if (cp >= 0x100 && cp <= 0x17F && cp != 0x130 && cp != 0x138 && cp != 0x149 && cp != 0x17F) {
    // Pairs alternate upper/lower, starting even up to U+0137 and odd from U+0139 to U+0148, even again after.
    const bool odd_start = (cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E);
    const bool upper = odd_start ? (cp % 2 == 1) : (cp % 2 == 0);
    return upper ? cp + 1 : cp;
  }
  if (cp >= 0x391 && cp <= 0x3A9 && cp != 0x3A2) return cp + 0x20;
  if (cp >= 0x410 && cp <= 0x42F) return cp + 0x20;
  if (cp >= 0x400 && cp <= 0x40F) return cp + 0x50;
  return cp;
}

// The kana with a voiced (dakuten) or semi-voiced (handakuten) form, and that form.
char32_t Voiced(char32_t cp) {
  for (const char32_t base : {0x3040U, 0x30A0U}) {  // hiragana, then katakana (same layout)
    const char32_t rel = cp - base;
    if (cp < base || rel > 0x5F) continue;
    // か…ぢ (0x0B…0x21, every second), つ て と (0x24, 0x26, 0x28), は…ほ (0x2F…0x3B, every third).
    if (rel >= 0x0B && rel <= 0x21 && rel % 2 == 1) return cp + 1;
    if (rel == 0x24 || rel == 0x26 || rel == 0x28) return cp + 1;
    if (rel >= 0x2F && rel <= 0x3B && (rel - 0x2F) % 3 == 0) return cp + 1;
    if (rel == 0x06) return base + 0x54;  // う → ゔ, ウ → ヴ
    if (base == 0x30A0 && rel >= 0x4F && rel <= 0x52) return cp + 8;  // ワヰヱヲ → ヷヸヹヺ
  }
  return 0;
}
char32_t SemiVoiced(char32_t cp) {
  for (const char32_t base : {0x3040U, 0x30A0U}) {
    const char32_t rel = cp - base;
    if (cp >= base && rel >= 0x2F && rel <= 0x3B && (rel - 0x2F) % 3 == 0) return cp + 2;
  }
  return 0;
}

bool IsCjk(char32_t cp) {
  return (cp >= 0x3041 && cp <= 0x3096) || (cp >= 0x309D && cp <= 0x309F) ||  // hiragana
         (cp >= 0x30A1 && cp <= 0x30FA) || (cp >= 0x30FC && cp <= 0x30FF) ||  // katakana (not ・)
         (cp >= 0x31F0 && cp <= 0x31FF) || (cp >= 0x3005 && cp <= 0x3007) || cp == 0x303B ||
         (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0x20000 && cp <= 0x323AF) ||                                     // CJK extensions
         (cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0x3131 && cp <= 0x318E) ||  // hangul jamo
         (cp >= 0xA960 && cp <= 0xA97F) || (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xD7B0 && cp <= 0xD7FF) ||
         (cp >= 0xFFA0 && cp <= 0xFFDC);  // half-width hangul
}

// Letters and digits of space-separated scripts (after Fold).
bool IsWord(char32_t cp) {
  if (cp < 0x80) return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z');
  if (cp < 0xC0 || cp == 0xD7 || cp == 0xF7) return false;
  if (cp <= 0x24F) return true;                               // Latin-1 letters, Latin Extended-A/B
  if (cp >= 0x250 && cp <= 0x2AF) return true;                // IPA
  if (cp >= 0x300 && cp <= 0x36F) return true;                // combining diacritics stay in the word
  if (cp >= 0x370 && cp <= 0x3FF) return cp != 0x37E && cp != 0x387;  // Greek
  if (cp >= 0x400 && cp <= 0x52F) return true;                // Cyrillic
  if (cp >= 0x531 && cp <= 0x587) return true;                // Armenian
  if (cp >= 0x5D0 && cp <= 0x5EA) return true;                // Hebrew letters
  if (cp >= 0x620 && cp <= 0x64A) return true;                // Arabic letters
  if (cp >= 0x660 && cp <= 0x669) return true;                // Arabic digits
  if (cp >= 0x900 && cp <= 0xDFF) return cp != 0x964 && cp != 0x965;  // Indic scripts
  if (cp >= 0xE01 && cp <= 0xE5B) return true;                // Thai
  if (cp >= 0x1E00 && cp <= 0x1FFF) return true;              // Latin/Greek extended
  return false;
}

// Code points that vanish: variation selectors, zero-width joiners, the BOM.
bool IsIgnorable(char32_t cp) {
  return (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0100 && cp <= 0xE01EF) || cp == 0x200C || cp == 0x200D ||
         cp == 0xFEFF || cp == 0xAD;
}

enum class Cls { kSeparator, kWord, kCjk };

Cls Classify(char32_t cp) {
  if (IsWord(cp)) return Cls::kWord;
  if (IsCjk(cp)) return Cls::kCjk;
  return Cls::kSeparator;
}

// One folded code point and the bytes of the original text it came from.
struct Norm {
  char32_t cp;
  Cls cls;
  std::size_t begin;  // byte offsets into the original
  std::size_t end;
};

// Folds `text` code point by code point, composing kana with a following
// sound mark. `valid` (if given) is cleared on invalid UTF-8.
std::vector<Norm> Normalize(std::string_view text, bool* valid = nullptr) {
  std::vector<Norm> out;
  out.reserve(text.size());
  std::size_t pos = 0;
  while (pos < text.size()) {
    const auto [raw, len] = DecodeUtf8(text, pos);
    const std::size_t begin = pos;
    pos += len;
    if (raw == kInvalid) {
      if (valid != nullptr) *valid = false;
      out.push_back({U' ', Cls::kSeparator, begin, pos});
      continue;
    }
    if (IsIgnorable(raw)) {
      if (!out.empty()) out.back().end = pos;
      continue;
    }
    const char32_t cp = Fold(raw);
    const bool dakuten = cp == 0x3099 || cp == 0x309B;
    const bool handakuten = cp == 0x309A || cp == 0x309C;
    if ((dakuten || handakuten) && !out.empty()) {
      const char32_t composed = dakuten ? Voiced(out.back().cp) : SemiVoiced(out.back().cp);
      if (composed != 0) {
        out.back().cp = composed;
        out.back().end = pos;
        continue;
      }
    }
    out.push_back({cp, Classify(cp), begin, pos});
  }
  return out;
}

// A run of word or CJK code points: [begin, end) into a Norm vector.
struct Run {
  Cls cls;
  std::size_t begin;
  std::size_t end;
};

// Splits [begin, end) of `n` into runs; a run is followed by a separator or
// another run, or by the end of the range.
std::vector<Run> Runs(const std::vector<Norm>& n, std::size_t begin, std::size_t end) {
  std::vector<Run> runs;
  std::size_t i = begin;
  while (i < end) {
    if (n[i].cls == Cls::kSeparator) {
      ++i;
      continue;
    }
    std::size_t j = i + 1;
    while (j < end && n[j].cls == n[i].cls) ++j;
    runs.push_back({n[i].cls, i, j});
    i = j;
  }
  return runs;
}

std::string Utf8Of(const std::vector<Norm>& n, std::size_t begin, std::size_t end) {
  std::string s;
  for (std::size_t i = begin; i < end; ++i) AppendUtf8(s, n[i].cp);
  return s;
}

// Appends the index tokens of one run: the word, or the CJK bigrams and the last character.
void RunTokens(const std::vector<Norm>& n, const Run& r, std::vector<std::string>& out) {
  if (r.cls == Cls::kWord) {
    out.push_back(Utf8Of(n, r.begin, r.end));
    return;
  }
  for (std::size_t i = r.begin; i + 1 < r.end; ++i) out.push_back(Utf8Of(n, i, i + 2));
  out.push_back(Utf8Of(n, r.end - 1, r.end));
}

// The query tokens of one term ([begin, end) of `n`). A CJK run that the term
// itself ends (by a separator or a word) ends in the index too, so its last
// character is a token there as well; a run reaching the term's end may go on
// in the indexed text, so only its bigrams are sure to be there — or, for a
// single character, the start of a token.
SearchTerm TermTokens(const std::vector<Norm>& n, std::size_t begin, std::size_t end) {
  SearchTerm term;
  for (const Run& r : Runs(n, begin, end)) {
    term.prefix = false;
    if (r.cls == Cls::kWord) {
      term.tokens.push_back(Utf8Of(n, r.begin, r.end));
      continue;
    }
    for (std::size_t i = r.begin; i + 1 < r.end; ++i) term.tokens.push_back(Utf8Of(n, i, i + 2));
    const bool closed = r.end < end;
    if (closed) {
      term.tokens.push_back(Utf8Of(n, r.end - 1, r.end));
    } else if (r.end - r.begin == 1) {
      term.tokens.push_back(Utf8Of(n, r.begin, r.end));
      term.prefix = true;
    }
  }
  return term;
}

bool IsSpace(char32_t cp) { return cp == U' ' || cp == U'\t' || cp == U'\n' || cp == U'\r' || cp == U'\f'; }

}  // namespace

std::string_view SearchKindName(SearchKind kind) {
  switch (kind) {
    case SearchKind::kAdvisory: return "advisory";
    case SearchKind::kCve: return "cve";
    case SearchKind::kOsv: return "osv";
  }
  return "advisory";
}

std::optional<SearchKind> ParseSearchKind(std::string_view name) {
  for (const auto k : {SearchKind::kAdvisory, SearchKind::kCve, SearchKind::kOsv}) {
    if (SearchKindName(k) == name) return k;
  }
  return std::nullopt;
}

std::vector<std::string> Tokenize(std::string_view text) {
  const std::vector<Norm> n = Normalize(text);
  std::vector<std::string> out;
  for (const Run& r : Runs(n, 0, n.size())) RunTokens(n, r, out);
  return out;
}

std::string IndexText(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 2);
  for (const auto& t : Tokenize(text)) {
    if (!out.empty()) out += ' ';
    out += t;
  }
  return out;
}

std::string SearchQuery::Fts5Expression() const {
  std::string out;
  for (const auto& term : terms) {
    if (!out.empty()) out += " AND ";
    out += '"';
    for (std::size_t i = 0; i < term.tokens.size(); ++i) {
      if (i > 0) out += ' ';
      out += term.tokens[i];  // tokens never hold '"' or spaces
    }
    out += '"';
    if (term.prefix) out += " *";
  }
  return out;
}

std::string_view QueryProblemName(QueryProblem problem) {
  switch (problem) {
    case QueryProblem::kEmpty: return "empty";
    case QueryProblem::kTooLong: return "too_long";
    case QueryProblem::kTooManyTerms: return "too_many_terms";
    case QueryProblem::kNoWords: return "no_words";
    case QueryProblem::kBadEncoding: return "bad_encoding";
  }
  return "empty";
}

std::variant<SearchQuery, QueryProblem> ParseSearchQuery(std::string_view text) {
  bool valid = true;
  const std::vector<Norm> n = Normalize(text, &valid);
  if (!valid) return QueryProblem::kBadEncoding;
  std::size_t first = 0;
  std::size_t last = n.size();
  while (first < last && IsSpace(n[first].cp)) ++first;
  while (last > first && IsSpace(n[last - 1].cp)) --last;
  if (first == last) return QueryProblem::kEmpty;
  if (last - first > kMaxQueryChars) return QueryProblem::kTooLong;

  SearchQuery q;
  std::size_t terms_seen = 0;
  std::size_t i = first;
  while (i < last) {
    if (IsSpace(n[i].cp)) {
      ++i;
      continue;
    }
    std::size_t begin = i;
    std::size_t end = i;
    bool quoted = false;
    if (n[i].cp == U'"') {
      quoted = true;
      begin = i + 1;
      end = begin;
      while (end < last && n[end].cp != U'"') ++end;
      i = end < last ? end + 1 : end;
    } else {
      while (end < last && !IsSpace(n[end].cp) && n[end].cp != U'"') ++end;
      i = end;
    }
    if (++terms_seen > kMaxQueryTerms) return QueryProblem::kTooManyTerms;
    SearchTerm term = TermTokens(n, begin, end);
    if (term.tokens.empty()) continue;
    if (!q.normalized.empty()) q.normalized += ' ';
    const std::string shown = Utf8Of(n, begin, end);
    q.normalized += quoted ? "\"" + shown + "\"" : shown;
    q.terms.push_back(std::move(term));
  }
  if (q.terms.empty()) return QueryProblem::kNoWords;
  return q;
}

Snippet MakeSnippet(std::string_view text, const SearchQuery& query, std::size_t max_chars) {
  const std::vector<Norm> n = Normalize(text);
  // The folded text, and for each of its bytes the index of its code point.
  std::string folded;
  std::vector<std::size_t> cp_of;
  folded.reserve(text.size());
  cp_of.reserve(text.size());
  for (std::size_t i = 0; i < n.size(); ++i) {
    const std::size_t before = folded.size();
    AppendUtf8(folded, n[i].cp);
    cp_of.insert(cp_of.end(), folded.size() - before, i);
  }
  // Every occurrence of every token, as code point ranges [first, last).
  std::vector<std::pair<std::size_t, std::size_t>> hits;
  constexpr std::size_t kMaxHits = 200;
  for (const auto& term : query.terms) {
    for (const auto& token : term.tokens) {
      for (std::size_t at = folded.find(token); at != std::string::npos && hits.size() < kMaxHits;
           at = folded.find(token, at + 1)) {
        const std::size_t first = cp_of[at];
        const std::size_t last = cp_of[at + token.size() - 1] + 1;
        // A word matches at word boundaries only (or as a prefix, for the last token of a prefix term).
        const bool word = n[first].cls == Cls::kWord;
        if (word && first > 0 && n[first - 1].cls == Cls::kWord) continue;
        if (word && !term.prefix && last < n.size() && n[last].cls == Cls::kWord) continue;
        hits.emplace_back(first, last);
      }
    }
  }
  std::sort(hits.begin(), hits.end());

  Snippet s;
  if (n.empty()) return s;
  max_chars = std::max<std::size_t>(max_chars, 1);
  constexpr std::size_t kLead = 30;  // code points shown before the first match
  std::size_t from = 0;
  if (!hits.empty() && hits.front().first > kLead) from = hits.front().first - kLead;
  std::size_t to = std::min(n.size(), from + max_chars);
  if (to == n.size() && to - from < max_chars) from = to > max_chars ? to - max_chars : 0;
  const bool cut_head = from > 0;
  const bool cut_tail = to < n.size();
  const std::size_t head = cut_head ? std::string_view("…").size() : 0;
  if (cut_head) s.text = "…";
  const std::size_t byte_from = n[from].begin;
  s.text.append(text.substr(byte_from, n[to - 1].end - byte_from));
  if (cut_tail) s.text += "…";
  // Marks: merged hits inside the window, in bytes of s.text.
  for (const auto& [first, last] : hits) {
    if (first < from || last > to) continue;
    const std::size_t b = head + n[first].begin - byte_from;
    const std::size_t e = head + n[last - 1].end - byte_from;
    if (!s.marks.empty() && b <= s.marks.back().second) {
      s.marks.back().second = std::max(s.marks.back().second, e);
    } else {
      s.marks.emplace_back(b, e);
    }
  }
  return s;
}

}  // namespace cvdhub::domain
