// HTML rendering: Mustache templates (escaped by default) inside one layout,
// with every string from the message catalogue of the viewer's language.
#pragma once

#include <mstch/mstch.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/roles.hpp"
#include "i18n/catalog.hpp"

namespace cvdhub::web {

// What the layout needs to know about the viewer and the request.
struct PageContext {
  domain::Language lang = domain::Language::kJa;
  std::optional<domain::User> user;
  std::string csrf;
  std::string path;  // the current location, percent-encoded (web::CurrentLocation), for the language switch
  std::string notice;  // a one-line confirmation shown above the content
};

// A std::string node (a bare const char* would become a bool in mstch).
inline mstch::node S(std::string s) { return mstch::node(std::move(s)); }

// Large pre-built HTML fragments by name. A template writes {{{name}}} once,
// outside any loop, and the fragment is put there after rendering instead of
// being copied through mstch (a 150-row table is ~100 KB).
using Blocks = std::vector<std::pair<std::string, std::string>>;

class View {
 public:
  explicit View(const i18n::Catalog& catalog);
  // Renders templates/<page>.mustache with `context` (plus `t`, `csrf`,
  // `lang`) and wraps it in templates/layout.mustache. `title_key` is a
  // catalogue key.
  std::string Render(const std::string& page, const std::string& title_key, mstch::map context,
                     const PageContext& pc, const Blocks& blocks = {}) const;
  // Renders templates/<page>.mustache alone, without the layout. A body
  // shared by several viewers passes csrf_placeholder() as `csrf`; each
  // viewer's token replaces it before Wrap.
  std::string RenderBody(const std::string& page, mstch::map context, domain::Language lang,
                         const std::string& csrf, const Blocks& blocks = {}) const;
  // Wraps a rendered body in the layout.
  std::string Wrap(const std::string& title_key, std::string_view body, const PageContext& pc) const;
  // Random per process, so that no page content can forge it.
  const std::string& csrf_placeholder() const { return csrf_placeholder_; }

 private:
  const i18n::Catalog& catalog_;
  // The templates of one language, prepared once (see view.cpp): standalone
  // lines stripped and {{t.key}} replaced by the key's escaped text.
  struct Templates {
    std::map<std::string, std::string> pages;  // name → template text
    // Only those some template includes as {{>name}}: mstch parses every
    // partial it is given on every render, so passing all costs milliseconds.
    std::map<std::string, std::string> partials;
    bool uses_t = false;  // some tag still reads `t`: it goes into the context
    // The layout before and after its top-level {{{content}}}, rendered
    // apart so that a large page is not copied through mstch again; empty
    // when the layout has no such tag.
    std::string layout_head, layout_tail;
  };
  Templates ja_;
  Templates en_;
  // The page's template rendered, with each block's mark in its place.
  std::string Body(const std::string& page, mstch::map context, domain::Language lang,
                   const std::string& csrf, const Blocks& blocks) const;
  // The layout around `body`, with the blocks put in.
  std::string Layout(const std::string& title_key, std::string_view body, const Blocks& blocks,
                     const PageContext& pc) const;
  // Appends `body` to `out` with each block's mark replaced by the block.
  void AppendWithBlocks(std::string& out, std::string_view body, const Blocks& blocks) const;

  std::string block_mark_;  // random per process: page content cannot forge a block's place
  std::string csrf_placeholder_;
  mstch::map strings_ja_;
  mstch::map strings_en_;
};

}  // namespace cvdhub::web
