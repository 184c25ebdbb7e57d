#include "web/view.hpp"

#include <optional>
#include <random>
#include <set>
#include <string_view>
#include <vector>

#include "domain/report.hpp"
#include "util/embedded.hpp"

namespace cvdhub::web {
namespace {

// Catalogue keys are dotted ("nav.login"); Mustache resolves {{t.nav.login}}
// through nested maps, so the flat catalogue becomes a tree.
struct Tree {
  std::string leaf;
  std::map<std::string, Tree> children;
  mstch::node ToNode() const {
    if (children.empty()) return S(leaf);
    mstch::map m;
    for (const auto& [k, child] : children) m.emplace(k, child.ToNode());
    return m;
  }
};

mstch::map ToMstch(const std::map<std::string, std::string, std::less<>>& strings) {
  Tree root;
  for (const auto& [key, value] : strings) {
    Tree* node = &root;
    std::string_view rest = key;
    while (true) {
      const auto dot = rest.find('.');
      node = &node->children[std::string(rest.substr(0, dot))];
      if (dot == std::string_view::npos) break;
      rest.remove_prefix(dot + 1);
    }
    node->leaf = value;
  }
  mstch::map out;
  for (const auto& [k, child] : root.children) out.emplace(k, child.ToNode());
  return out;
}

// The tags of `line` when it holds nothing but section, inverted-section,
// closing and comment tags and blanks (a "standalone" line); nullopt otherwise.
std::optional<std::string> StandaloneTags(std::string_view line) {
  std::string tags;
  std::size_t i = 0;
  while (i < line.size()) {
    const char c = line[i];
    if (c == ' ' || c == '\t' || c == '\n') {
      ++i;
      continue;
    }
    if (line.compare(i, 2, "{{") != 0) return std::nullopt;
    const auto close = line.find("}}", i + 2);
    const auto kind = line.find_first_not_of(' ', i + 2);
    if (close == std::string_view::npos || kind >= close) return std::nullopt;
    if (line[kind] != '#' && line[kind] != '^' && line[kind] != '/' && line[kind] != '!') return std::nullopt;
    tags.append(line.substr(i, close + 2 - i));
    i = close + 2;
  }
  if (tags.empty()) return std::nullopt;
  return tags;
}

// Drops the blanks and line breaks of standalone lines, as Mustache does when
// it renders. mstch does it on every render by erasing tokens from a vector,
// which is quadratic in the template's size (a millisecond for a 20 KB page);
// done once here, the output is byte for byte the same. A standalone line
// followed by a blank one is left to mstch: joined, the two would read as one
// standalone line and lose the blank line.
std::string StripStandaloneLines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const auto eol = text.find('\n');
    lines.push_back(text.substr(0, eol == std::string_view::npos ? text.size() : eol + 1));
    text.remove_prefix(lines.back().size());
  }
  auto blank = [](std::string_view line) {
    return line.find_first_not_of(" \t\n") == std::string_view::npos;
  };
  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    auto tags = StandaloneTags(lines[i]);
    if (tags && !(i + 1 < lines.size() && blank(lines[i + 1]))) {
      out += *tags;
    } else {
      out += lines[i];
    }
  }
  return out;
}

// What mstch does to a {{variable}}: its configured escape, or its built-in
// HTML escape (which also escapes '/').
std::string MstchEscape(const std::string& text) {
  if (mstch::config::escape) return mstch::config::escape(text);
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '\'':
        out += "&#39;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '/':
        out += "&#x2F;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// Replaces each {{t.key}} by the key's text, escaped as mstch escapes
// variables; an unknown key becomes nothing, as mstch renders it. The
// catalogue is fixed at start-up, and each dotted lookup in mstch copies the
// catalogue tree, so doing it once here saves most of a page's render time.
std::string SubstituteCatalog(std::string_view text,
                              const std::map<std::string, std::string, std::less<>>& strings) {
  constexpr std::string_view kOpen = "{{t.";
  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  while (true) {
    const auto open = text.find(kOpen, pos);
    if (open == std::string_view::npos) break;
    const auto close = text.find("}}", open + kOpen.size());
    if (close == std::string_view::npos) break;
    const std::string_view key = text.substr(open + kOpen.size(), close - open - kOpen.size());
    const bool plain =
        (open == 0 || text[open - 1] != '{') &&
        key.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.") ==
            std::string_view::npos;
    out.append(text.substr(pos, open - pos));
    if (plain) {
      auto it = strings.find(key);
      if (it != strings.end()) out += MstchEscape(it->second);
    } else {
      out.append(text.substr(open, close + 2 - open));  // left to mstch
    }
    pos = close + 2;
  }
  out.append(text.substr(pos));
  return out;
}

// True when a tag of `text` still reads `t` ({{#t.x}}, {{ t.x }}, …).
bool ReadsCatalog(std::string_view text) {
  for (auto pos = text.find("{{"); pos != std::string_view::npos; pos = text.find("{{", pos + 2)) {
    const auto name = text.find_first_not_of("{#^/&! ", pos + 2);
    if (name != std::string_view::npos && text.compare(name, 2, "t.") == 0) return true;
  }
  return false;
}

// True when position `at` of `text` lies outside every section.
bool TopLevel(std::string_view text, std::size_t at) {
  int depth = 0;
  for (auto pos = text.find("{{"); pos != std::string_view::npos && pos < at;
       pos = text.find("{{", pos + 2)) {
    const auto kind = text.find_first_not_of(' ', pos + 2);
    if (kind == std::string_view::npos) break;
    if (text[kind] == '#' || text[kind] == '^') ++depth;
    if (text[kind] == '/') --depth;
  }
  return depth == 0;
}

}  // namespace

View::View(const i18n::Catalog& catalog)
    : catalog_(catalog),
      strings_ja_(ToMstch(catalog.Strings(domain::Language::kJa))),
      strings_en_(ToMstch(catalog.Strings(domain::Language::kEn))) {
  std::random_device random;
  block_mark_ = "\x02" "block-" + std::to_string(random()) + std::to_string(random()) + "-";
  csrf_placeholder_ = "\x02" "csrf-" + std::to_string(random()) + std::to_string(random()) + "\x03";
  constexpr std::string_view kPrefix = "templates/";
  constexpr std::string_view kSuffix = ".mustache";
  std::map<std::string, std::string> sources;  // name → template text, standalone lines stripped
  for (const auto& e : embedded::All()) {
    if (e.path.starts_with(kPrefix) && e.path.ends_with(kSuffix)) {
      std::string name(e.path.substr(kPrefix.size(), e.path.size() - kPrefix.size() - kSuffix.size()));
      sources.emplace(std::move(name), StripStandaloneLines(e.data));
    }
  }
  std::set<std::string> included;
  for (const auto& [name, text] : sources) {
    for (auto pos = text.find("{{>"); pos != std::string::npos; pos = text.find("{{>", pos + 3)) {
      const auto end = text.find("}}", pos);
      if (end == std::string::npos) break;
      std::string used = text.substr(pos + 3, end - pos - 3);
      used.erase(0, used.find_first_not_of(' '));
      used.erase(used.find_last_not_of(' ') + 1);
      included.insert(std::move(used));
    }
  }
  for (const auto lang : {domain::Language::kJa, domain::Language::kEn}) {
    Templates& out = lang == domain::Language::kJa ? ja_ : en_;
    for (const auto& [name, text] : sources) {
      std::string prepared = SubstituteCatalog(text, catalog.Strings(lang));
      out.uses_t = out.uses_t || ReadsCatalog(prepared);
      if (included.contains(name)) out.partials.emplace(name, prepared);
      out.pages.emplace(name, std::move(prepared));
    }
    const std::string& layout = out.pages["layout"];
    constexpr std::string_view kContent = "{{{content}}}";
    if (const auto at = layout.find(kContent); at != std::string::npos && TopLevel(layout, at)) {
      out.layout_head = layout.substr(0, at);
      out.layout_tail = layout.substr(at + kContent.size());
    }
  }
}

std::string View::Body(const std::string& page, mstch::map context, domain::Language lang,
                       const std::string& csrf, const Blocks& blocks) const {
  const bool ja = lang == domain::Language::kJa;
  const Templates& templates = ja ? ja_ : en_;
  if (templates.uses_t) context["t"] = ja ? strings_ja_ : strings_en_;
  context["csrf"] = S(csrf);
  context["lang"] = S(std::string(domain::LanguageCode(lang)));
  context["lang_ja"] = ja;
  for (std::size_t i = 0; i < blocks.size(); ++i)
    context[blocks[i].first] = S(block_mark_ + std::to_string(i) + "\x03");
  auto it = templates.pages.find(page);
  return mstch::render(it == templates.pages.end() ? std::string("missing template") : it->second, context,
                       templates.partials);
}

std::string View::Layout(const std::string& title_key, std::string_view body, const Blocks& blocks,
                         const PageContext& pc) const {
  const bool ja = pc.lang == domain::Language::kJa;
  const Templates& templates = ja ? ja_ : en_;
  mstch::map layout{
      {"csrf", S(pc.csrf)},
      {"lang", S(std::string(domain::LanguageCode(pc.lang)))},
      {"lang_ja", ja},
      {"title", S(std::string(catalog_.Get(pc.lang, title_key)))},
      {"notice", S(pc.notice)},
      {"path", S(pc.path)},
      {"switch_lang", S(ja ? "en" : "ja")},
      {"switch_label", S(ja ? "English" : "日本語")},
  };
  if (pc.user) {
    const auto role = pc.user->role;
    layout["user"] = mstch::map{
        {"name", S(pc.user->display_name)},
        {"role", S(std::string(catalog_.Get(pc.lang, "role." + std::string(domain::RoleName(role)))))},
        {"is_finder", role == domain::Role::kFinder},
        {"is_triage", role == domain::Role::kIntakeAnalyst || role == domain::Role::kLeadCoordinator},
        {"is_coordinator", role == domain::Role::kCoordinator || role == domain::Role::kLeadCoordinator},
        {"is_vendor", role == domain::Role::kVendor},
        {"is_partner", role == domain::Role::kRelatedOrg},
        {"is_committee", role == domain::Role::kCommittee},
        {"is_website_operator", role == domain::Role::kWebsiteOperator},
        {"is_staff", domain::IsStaff(role)},
    };
  }
  if (templates.uses_t) layout["t"] = ja ? strings_ja_ : strings_en_;
  if (!templates.layout_head.empty()) {
    // The page goes between the layout's two halves as it is: the same text
    // as {{{content}}} gives, without copying it through mstch.
    std::string out = mstch::render(templates.layout_head, layout, templates.partials);
    AppendWithBlocks(out, body, blocks);
    out += mstch::render(templates.layout_tail, layout, templates.partials);
    return out;
  }
  std::string content;
  AppendWithBlocks(content, body, blocks);
  layout["content"] = S(std::move(content));
  return mstch::render(templates.pages.at("layout"), layout, templates.partials);
}

std::string View::Render(const std::string& page, const std::string& title_key, mstch::map context,
                         const PageContext& pc, const Blocks& blocks) const {
  return Layout(title_key, Body(page, std::move(context), pc.lang, pc.csrf, blocks), blocks, pc);
}

std::string View::RenderBody(const std::string& page, mstch::map context, domain::Language lang,
                             const std::string& csrf, const Blocks& blocks) const {
  std::string out;
  AppendWithBlocks(out, Body(page, std::move(context), lang, csrf, blocks), blocks);
  return out;
}

std::string View::Wrap(const std::string& title_key, std::string_view body, const PageContext& pc) const {
  return Layout(title_key, body, {}, pc);
}

void View::AppendWithBlocks(std::string& out, std::string_view body, const Blocks& blocks) const {
  std::size_t size = out.size() + body.size();
  for (const auto& b : blocks) size += b.second.size();
  out.reserve(size);
  std::vector<bool> used(blocks.size());
  while (true) {
    const auto mark = body.find(block_mark_);
    if (mark == std::string_view::npos) break;
    const auto end = body.find('\x03', mark + block_mark_.size());
    if (end == std::string_view::npos) break;
    out.append(body.substr(0, mark));
    std::size_t i = 0;
    const auto digits = body.substr(mark + block_mark_.size(), end - mark - block_mark_.size());
    for (char c : digits) i = i * 10 + static_cast<std::size_t>(c - '0');
    if (i < blocks.size() && !used[i]) {
      out += blocks[i].second;  // each block once: a template that repeats it gets it the first time
      used[i] = true;
    }
    body.remove_prefix(end + 1);
  }
  out.append(body);
}

}  // namespace cvdhub::web
