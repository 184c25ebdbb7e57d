#include "web/view.hpp"

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

}  // namespace

View::View(const i18n::Catalog& catalog)
    : catalog_(catalog),
      strings_ja_(ToMstch(catalog.Strings(domain::Language::kJa))),
      strings_en_(ToMstch(catalog.Strings(domain::Language::kEn))) {
  constexpr std::string_view kPrefix = "templates/";
  constexpr std::string_view kSuffix = ".mustache";
  for (const auto& e : embedded::All()) {
    if (e.path.starts_with(kPrefix) && e.path.ends_with(kSuffix)) {
      std::string name(e.path.substr(kPrefix.size(), e.path.size() - kPrefix.size() - kSuffix.size()));
      templates_.emplace(std::move(name), std::string(e.data));
    }
  }
  for (const auto& [name, text] : templates_) {
    for (auto pos = text.find("{{>"); pos != std::string::npos; pos = text.find("{{>", pos + 3)) {
      const auto end = text.find("}}", pos);
      if (end == std::string::npos) break;
      std::string used = text.substr(pos + 3, end - pos - 3);
      used.erase(0, used.find_first_not_of(' '));
      used.erase(used.find_last_not_of(' ') + 1);
      if (auto it = templates_.find(used); it != templates_.end()) partials_.insert(*it);
    }
  }
}

std::string View::Render(const std::string& page, const std::string& title_key, mstch::map context,
                         const PageContext& pc) const {
  const bool ja = pc.lang == domain::Language::kJa;
  const mstch::map& t = ja ? strings_ja_ : strings_en_;
  context["t"] = t;
  context["csrf"] = S(pc.csrf);
  context["lang"] = S(std::string(domain::LanguageCode(pc.lang)));
  context["lang_ja"] = ja;
  auto it = templates_.find(page);
  const std::string body = mstch::render(it == templates_.end() ? std::string("missing template") : it->second,
                                         context, partials_);

  mstch::map layout{
      {"t", t},
      {"csrf", S(pc.csrf)},
      {"lang", S(std::string(domain::LanguageCode(pc.lang)))},
      {"lang_ja", ja},
      {"title", S(std::string(catalog_.Get(pc.lang, title_key)))},
      {"content", S(body)},
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
    };
  }
  return mstch::render(templates_.at("layout"), layout, partials_);
}

}  // namespace cvdhub::web
