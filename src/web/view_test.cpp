#include "web/view.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "util/embedded.hpp"

namespace cvdhub::web {
namespace {

// The catalogue as the nested map templates read ({{t.nav.login}}).
mstch::map CatalogTree(domain::Language lang) {
  mstch::map root;
  for (const auto& [key, text] : i18n::Catalog::Default().Strings(lang)) {
    mstch::map* node = &root;
    std::string_view rest = key;
    for (auto dot = rest.find('.'); dot != std::string_view::npos; dot = rest.find('.')) {
      auto [it, fresh] = node->emplace(std::string(rest.substr(0, dot)), mstch::map{});
      node = &boost::get<mstch::map>(it->second);
      rest.remove_prefix(dot + 1);
    }
    node->emplace(std::string(rest), text);
  }
  return root;
}

// Sets `dotted` in `m`, making the maps on the way.
void Put(mstch::map& m, const std::string& dotted, const mstch::node& leaf) {
  const auto dot = dotted.find('.');
  if (dot == std::string::npos) {
    m.emplace(dotted, leaf);
    return;
  }
  const std::string head = dotted.substr(0, dot);
  auto it = m.find(head);
  if (it == m.end() || boost::get<mstch::map>(&it->second) == nullptr) {
    m.erase(head);
    it = m.emplace(head, mstch::map{}).first;
  }
  Put(boost::get<mstch::map>(it->second), dotted.substr(dot + 1), leaf);
}

// Contexts that open every section, close every section, or mix them.
std::vector<mstch::map> Contexts(const std::string& tmpl) {
  static const std::regex kTag(R"(\{\{\{?\s*([#^/!&]?)\s*([A-Za-z0-9_.]+)\s*\}?\}\})");
  std::vector<mstch::map> out(12);
  unsigned r = 12345;
  for (std::sregex_iterator it(tmpl.begin(), tmpl.end(), kTag), end; it != end; ++it) {
    const std::string kind = (*it)[1], name = (*it)[2];
    if (name.starts_with("t.")) continue;
    for (std::size_t i = 0; i < out.size(); ++i) {
      r = r * 1103515245u + 12345u;
      if (kind == "#" || kind == "^") {
        const mstch::node value = i == 0   ? mstch::node(true)
                                  : i == 1 ? mstch::node(false)
                                  : (r >> 16) % 3 == 0
                                      ? mstch::node(mstch::array{mstch::map{}, mstch::map{}})
                                      : mstch::node((r >> 16) % 2 == 0);
        Put(out[i], name, value);
      } else if (kind.empty() || kind == "&") {
        Put(out[i], name, std::string("<" + name + "> & 'x'"));
      }
    }
  }
  return out;
}

// The prepared templates (standalone lines stripped once, catalogue keys put
// in, the layout rendered in two halves, blocks spliced) must render byte for
// byte what mstch renders from the template files themselves.
TEST(View, RendersExactlyWhatMstchRendersFromTheFiles) {
  const View view(i18n::Catalog::Default());
  int checked = 0;
  for (const auto lang : {domain::Language::kJa, domain::Language::kEn}) {
    const mstch::map t = CatalogTree(lang);
    for (const auto& e : embedded::All()) {
      if (!e.path.starts_with("templates/") || !e.path.ends_with(".mustache")) continue;
      const std::string name(e.path.substr(10, e.path.size() - 10 - 9));
      const std::string text(e.data);
      for (mstch::map ctx : Contexts(text)) {
        mstch::map expected = ctx;
        expected["t"] = t;
        expected["csrf"] = std::string("tok");
        expected["lang"] = std::string(domain::LanguageCode(lang));
        expected["lang_ja"] = lang == domain::Language::kJa;
        ASSERT_EQ(view.RenderBody(name, std::move(ctx), lang, "tok"), mstch::render(text, expected)) << name;
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 200);
}

TEST(View, WrapsABodyInTheLayoutAsItIs) {
  const View view(i18n::Catalog::Default());
  const PageContext pc{.lang = domain::Language::kEn,
                       .user = domain::User{.display_name = "A & B", .role = domain::Role::kVendor},
                       .csrf = "tok",
                       .path = "/cases/1",
                       .notice = "Saved."};
  const std::string page = view.Wrap("error.title", "<p>{{not a tag}}</p>", pc);
  EXPECT_NE(page.find("<main>"), std::string::npos);
  EXPECT_NE(page.find("<p>{{not a tag}}</p>"), std::string::npos);  // the body is not rendered again
  EXPECT_NE(page.find("A &amp; B"), std::string::npos);
  EXPECT_NE(page.find("Saved."), std::string::npos);
  EXPECT_LT(page.find("<main>"), page.find("{{not a tag}}"));
  EXPECT_LT(page.find("{{not a tag}}"), page.find("</main>"));
}

TEST(View, PutsBlocksWhereTheTemplateNamesThem) {
  const View view(i18n::Catalog::Default());
  // form_error.mustache writes {{back}} inside an attribute; a block is raw HTML.
  const std::string body = view.RenderBody("form_error", {{"message", std::string("m")}}, domain::Language::kEn,
                                           "tok", {{"back", "/cases/1#vendors"}});
  EXPECT_NE(body.find(R"(href="/cases/1#vendors")"), std::string::npos) << body;
  EXPECT_EQ(body.find('\x02'), std::string::npos);
}

TEST(View, ACsrfPlaceholderCannotBeConfusedWithContent) {
  const View view(i18n::Catalog::Default());
  EXPECT_NE(view.csrf_placeholder().find('\x02'), std::string::npos);
  const std::string body = view.RenderBody("invite", {{"token", std::string("abc")}}, domain::Language::kJa,
                                           view.csrf_placeholder());
  EXPECT_NE(body.find(view.csrf_placeholder()), std::string::npos);
}

}  // namespace
}  // namespace cvdhub::web
