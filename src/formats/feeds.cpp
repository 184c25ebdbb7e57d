#include "formats/feeds.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "domain/cvss.hpp"
#include "formats/csaf.hpp"
#include "formats/report_json.hpp"

namespace cvdhub::formats {
namespace {

using domain::Language;

std::string LangTag(Language lang) {
  return lang == Language::kEn ? "en" : "ja";
}

// The advisories newest-modified first (ties: identifier).
std::vector<const domain::PublicAdvisory*> Newest(const std::vector<domain::PublicAdvisory>& advisories) {
  std::vector<const domain::PublicAdvisory*> out;
  for (const auto& p : advisories) out.push_back(&p);
  std::stable_sort(out.begin(), out.end(), [](const auto* a, const auto* b) {
    const auto ma = LastModified(*a), mb = LastModified(*b);
    return ma != mb ? ma > mb : a->advisory.identifier < b->advisory.identifier;
  });
  return out;
}

// "CRITICAL" → "Critical", as JVN writes severities.
std::string JvnSeverity(std::string_view severity) {
  std::string out;
  for (std::size_t i = 0; i < severity.size(); ++i) {
    const auto c = static_cast<unsigned char>(severity[i]);
    out += static_cast<char>(i == 0 ? std::toupper(c) : std::tolower(c));
  }
  return out;
}

std::string HostOf(std::string_view url) {
  auto start = url.find("://");
  if (start == std::string_view::npos) return {};
  url.remove_prefix(start + 3);
  return std::string(url.substr(0, url.find_first_of("/?#")));
}

std::string Title(const domain::PublicAdvisory& p, Language lang) {
  const auto t = Trim(TextIn(p.advisory.sections.title, lang));
  return t.empty() ? p.advisory.identifier : std::string(t);
}

std::string Summary(const domain::PublicAdvisory& p, Language lang) {
  return TruncateUtf8(Trim(TextIn(p.advisory.sections.overview, lang)), 2000);
}

std::string FeedTitle(const ExportConfig& config, Language lang) {
  return config.catalog->Format(lang, "export.feed.title", {{"publisher", config.publisher_name}});
}

void RssItem(std::string& out, const domain::PublicAdvisory& p, const ExportConfig& config, Language lang) {
  const auto& a = p.advisory;
  const std::string url = AdvisoryUrl(config, a.identifier);
  out += "  <item rdf:about=\"" + XmlEscape(url) + "\">\n";
  out += "    <title>" + XmlEscape(Title(p, lang)) + "</title>\n";
  out += "    <link>" + XmlEscape(url) + "</link>\n";
  out += "    <description>" + XmlEscape(Summary(p, lang)) + "</description>\n";
  out += "    <sec:identifier>" + XmlEscape(a.identifier) + "</sec:identifier>\n";
  std::set<std::string> seen;
  for (const auto& v : a.vulnerabilities) {
    if (!domain::IsCveId(v.cve_id) || !seen.insert(v.cve_id).second) continue;
    out += "    <sec:references source=\"CVE\" id=\"" + XmlEscape(v.cve_id) +
           "\">https://www.cve.org/CVERecord?id=" + XmlEscape(v.cve_id) + "</sec:references>\n";
  }
  for (const auto& v : a.vulnerabilities) {
    if (!domain::IsCweId(v.cwe) || !seen.insert(v.cwe).second) continue;
    const auto name = CweName(v.cwe);
    const std::string title = name ? fmt::format("{}({})", *name, v.cwe) : v.cwe;
    out += "    <sec:references title=\"" + XmlEscape(title) + "\" id=\"" + XmlEscape(v.cwe) + "\">" +
           XmlEscape(CweUrl(v.cwe)) + "</sec:references>\n";
  }
  const std::string related(config.Text(lang, "export.feed.related"));
  for (const auto& v : p.vendors) {
    const std::string u = SafeUri(v.advisory_url);
    if (u.empty() || !seen.insert(u).second) continue;
    out += "    <sec:references source=\"" + XmlEscape(VendorName(v, lang)) + "\" id=\"" +
           XmlEscape(HostOf(u)) + "\">" + XmlEscape(u) + "</sec:references>\n";
  }
  for (const auto& r : a.sections.references) {
    const std::string u = SafeUri(r.url);
    if (u.empty() || !seen.insert(u).second) continue;
    const std::string id =
        Trim(r.title).empty() ? HostOf(u) : fmt::format("{} ({})", HostOf(u), Trim(r.title));
    out += "    <sec:references source=\"" + XmlEscape(related) + "\" id=\"" + XmlEscape(id) + "\">" +
           XmlEscape(u) + "</sec:references>\n";
  }
  for (const auto& product : a.products) {
    if (product.cpe.empty() || !seen.insert(product.cpe).second) continue;
    const char* version = product.cpe.starts_with("cpe:2.3:") ? "2.3" : "2.2";
    const auto* row = VendorRowOf(p, product);
    const std::string vendor = row ? VendorName(*row, lang) : product.vendor_name;
    out += fmt::format("    <sec:cpe version=\"{}\" vendor=\"{}\" product=\"{}\">{}</sec:cpe>\n", version,
                       XmlEscape(vendor), XmlEscape(product.product), XmlEscape(product.cpe));
  }
  for (const auto& v : a.vulnerabilities) {
    for (const auto* vector : {&v.cvss31, &v.cvss40}) {
      auto s = domain::ScoreCvss(*vector);
      if (!s || !seen.insert(s->vector).second) continue;
      const std::string version = s->version == domain::CvssVersion::kV40 ? "4.0"
                                  : s->vector.starts_with("CVSS:3.0/")    ? "3.0"
                                                                          : "3.1";
      out += fmt::format(
          "    <sec:cvss version=\"{}\" score=\"{:.1f}\" type=\"Base\" severity=\"{}\" vector=\"{}\" />\n",
          version, s->base_score, JvnSeverity(s->severity), XmlEscape(s->vector));
    }
  }
  const std::string modified = JstW3cdtf(LastModified(p));
  out += "    <dc:date>" + modified + "</dc:date>\n";
  out += "    <dcterms:issued>" + JstW3cdtf(FirstPublished(p)) + "</dcterms:issued>\n";
  out += "    <dcterms:modified>" + modified + "</dcterms:modified>\n";
  out += "  </item>\n";
}

}  // namespace

std::string XmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      switch (c) {
        case '&':
          out += "&amp;";
          break;
        case '<':
          out += "&lt;";
          break;
        case '>':
          out += "&gt;";
          break;
        case '"':
          out += "&quot;";
          break;
        case '\'':
          out += "&apos;";
          break;
        case '\t':
          out += "&#9;";
          break;
        case '\n':
          out += "&#10;";
          break;
        case '\r':
          out += "&#13;";
          break;
        default:
          if (c < 0x20 || c == 0x7F) {
            out += "\uFFFD";
          } else {
            out += static_cast<char>(c);
          }
      }
      ++i;
      continue;
    }
    // A well-formed UTF-8 sequence of a character XML allows, else U+FFFD.
    std::size_t len = (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    bool ok = len != 0 && i + len <= text.size();
    char32_t cp = len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
    for (std::size_t k = 1; ok && k < len; ++k) {
      const auto cc = static_cast<unsigned char>(text[i + k]);
      if ((cc & 0xC0) != 0x80) ok = false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if (ok) {
      const bool overlong = (len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
      const bool forbidden = (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFFFE || cp == 0xFFFF ||
                             cp > 0x10FFFF || (cp >= 0x80 && cp <= 0x9F);
      ok = !overlong && !forbidden;
    }
    if (ok) {
      out.append(text.substr(i, len));
      i += len;
    } else {
      out += "\uFFFD";
      ++i;
    }
  }
  return out;
}

std::string RssFeedUrl(const ExportConfig& config, Language lang) {
  return config.base_url + "/feeds/advisories.rdf" + (lang == Language::kEn ? "?lang=en" : "");
}

std::string AtomFeedUrl(const ExportConfig& config, Language lang) {
  return config.base_url + "/feeds/advisories.atom" + (lang == Language::kEn ? "?lang=en" : "");
}

std::string RssFeed(const std::vector<domain::PublicAdvisory>& advisories, const ExportConfig& config,
                    Language lang, domain::Timestamp now) {
  const auto items = Newest(advisories);
  const std::string updated = JstW3cdtf(items.empty() ? now : LastModified(*items.front()));
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<rdf:RDF\n"
      "  xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"\n"
      "  xmlns=\"http://purl.org/rss/1.0/\"\n"
      "  xmlns:rss=\"http://purl.org/rss/1.0/\"\n"
      "  xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
      "  xmlns:dcterms=\"http://purl.org/dc/terms/\"\n"
      "  xmlns:sec=\"http://jvn.jp/rss/mod_sec/3.0/\"\n"
      "  xml:lang=\"" +
      LangTag(lang) + "\"\n>\n";
  out += "  <channel rdf:about=\"" + XmlEscape(RssFeedUrl(config, lang)) + "\">\n";
  out += "    <title>" + XmlEscape(FeedTitle(config, lang)) + "</title>\n";
  out += "    <link>" + XmlEscape(config.base_url + "/advisories/") + "</link>\n";
  out += "    <description>" + XmlEscape(config.Text(lang, "export.feed.description")) + "</description>\n";
  out += "    <dc:creator>" + XmlEscape(config.publisher_name) + "</dc:creator>\n";
  out += "    <dc:date>" + updated + "</dc:date>\n";
  out += "    <dcterms:modified>" + updated + "</dcterms:modified>\n";
  out += "    <items>\n      <rdf:Seq>\n";
  for (const auto* p : items) {
    out += "        <rdf:li rdf:resource=\"" + XmlEscape(AdvisoryUrl(config, p->advisory.identifier)) +
           "\" />\n";
  }
  out += "      </rdf:Seq>\n    </items>\n  </channel>\n";
  for (const auto* p : items) RssItem(out, *p, config, lang);
  out += "</rdf:RDF>\n";
  return out;
}

std::string AtomFeed(const std::vector<domain::PublicAdvisory>& advisories, const ExportConfig& config,
                     Language lang, domain::Timestamp now) {
  const auto items = Newest(advisories);
  const std::string self = AtomFeedUrl(config, lang);
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"" +
      LangTag(lang) + "\">\n";
  out += "  <id>" + XmlEscape(self) + "</id>\n";
  out += "  <title>" + XmlEscape(FeedTitle(config, lang)) + "</title>\n";
  out += "  <subtitle>" + XmlEscape(config.Text(lang, "export.feed.description")) + "</subtitle>\n";
  out += "  <updated>" + IsoUtc(items.empty() ? now : LastModified(*items.front())) + "</updated>\n";
  out += "  <link rel=\"self\" type=\"application/atom+xml\" href=\"" + XmlEscape(self) + "\" />\n";
  out += "  <link rel=\"alternate\" type=\"text/html\" href=\"" +
         XmlEscape(config.base_url + "/advisories/") + "\" />\n";
  out += "  <author><name>" + XmlEscape(config.publisher_name) + "</name></author>\n";
  out += "  <generator>cvdhub</generator>\n";
  for (const auto* p : items) {
    const auto& a = p->advisory;
    const std::string url = AdvisoryUrl(config, a.identifier);
    out += "  <entry>\n";
    out += "    <id>" + XmlEscape(url) + "</id>\n";
    out += "    <title>" + XmlEscape(Title(*p, lang)) + "</title>\n";
    out += "    <link rel=\"alternate\" type=\"text/html\" href=\"" + XmlEscape(url) + "\" />\n";
    out += "    <link rel=\"alternate\" type=\"application/json\" title=\"CSAF\" href=\"" +
           XmlEscape(CsafUrl(config, *p)) + "\" />\n";
    out += "    <published>" + IsoUtc(FirstPublished(*p)) + "</published>\n";
    out += "    <updated>" + IsoUtc(LastModified(*p)) + "</updated>\n";
    if (const std::string summary = Summary(*p, lang); !summary.empty()) {
      out += "    <summary>" + XmlEscape(summary) + "</summary>\n";
    }
    out += "    <category term=\"" + XmlEscape(a.identifier) + "\" />\n";
    std::set<std::string> seen{a.identifier};
    for (const auto& v : a.vulnerabilities) {
      for (const auto* term : {&v.cve_id, &v.cwe}) {
        if (!term->empty() && seen.insert(*term).second) {
          out += "    <category term=\"" + XmlEscape(*term) + "\" />\n";
        }
      }
    }
    out += "  </entry>\n";
  }
  out += "</feed>\n";
  return out;
}

}  // namespace cvdhub::formats
