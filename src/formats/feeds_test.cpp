#include "formats/feeds.hpp"

#include <gtest/gtest.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include <memory>

#include "formats/export_test_fixture.hpp"

namespace cvdhub::formats {
namespace {

using domain::Language;
using testing::MultiVendorAdvisory;
using testing::SingleVendorAdvisory;

ExportConfig Config() {
  ExportConfig c;
  c.base_url = "https://cvd.example.org";
  c.publisher_name = "Example <CC> & \"Co\"";
  return c;
}

// A document parsed back by libxml2 (no recovery, no network): the feed is
// well-formed XML, and XPath reads what was written.
class Parsed {
 public:
  explicit Parsed(const std::string& xml) {
    doc_.reset(xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "feed.xml", "UTF-8",
                             XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING));
    if (!doc_) return;
    ctx_.reset(xmlXPathNewContext(doc_.get()));
    for (auto [prefix, uri] : {std::pair{"rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"},
                               {"rss", "http://purl.org/rss/1.0/"},
                               {"dc", "http://purl.org/dc/elements/1.1/"},
                               {"dcterms", "http://purl.org/dc/terms/"},
                               {"sec", "http://jvn.jp/rss/mod_sec/3.0/"},
                               {"atom", "http://www.w3.org/2005/Atom"}}) {
      xmlXPathRegisterNs(ctx_.get(), reinterpret_cast<const xmlChar*>(prefix),
                         reinterpret_cast<const xmlChar*>(uri));
    }
  }
  bool ok() const { return doc_ != nullptr; }

  // The string value of an XPath expression ("string(…)", "count(…)").
  std::string Eval(const std::string& expr) const {
    std::unique_ptr<xmlXPathObject, decltype(&xmlXPathFreeObject)> obj(
        xmlXPathEvalExpression(reinterpret_cast<const xmlChar*>(expr.c_str()), ctx_.get()),
        &xmlXPathFreeObject);
    if (!obj) return "<bad xpath>";
    xmlChar* s = xmlXPathCastToString(obj.get());
    std::string out(reinterpret_cast<const char*>(s));
    xmlFree(s);
    return out;
  }

 private:
  struct FreeDoc {
    void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
  };
  struct FreeCtx {
    void operator()(xmlXPathContext* c) const { xmlXPathFreeContext(c); }
  };
  std::unique_ptr<xmlDoc, FreeDoc> doc_;
  std::unique_ptr<xmlXPathContext, FreeCtx> ctx_;
};

TEST(XmlEscape, EscapesMarkupAndReplacesWhatXmlForbids) {
  EXPECT_EQ(XmlEscape("<a href=\"x\">&'</a>"), "&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;");
  EXPECT_EQ(XmlEscape("日本語"), "日本語");
  EXPECT_EQ(XmlEscape("a\tb\nc"), "a&#9;b&#10;c");
  EXPECT_EQ(XmlEscape(std::string("x\x01y", 3)), "x\uFFFDy");
  EXPECT_EQ(XmlEscape("\xff\xfe"), "\uFFFD\uFFFD");            // not UTF-8
  EXPECT_EQ(XmlEscape("\xc0\xaf"), "\uFFFD\uFFFD");            // overlong '/'
  EXPECT_EQ(XmlEscape("\xed\xa0\x80"), "\uFFFD\uFFFD\uFFFD");  // a surrogate
  EXPECT_EQ(XmlEscape("\xef\xbf\xbe"), "\uFFFD\uFFFD\uFFFD");  // U+FFFE
}

TEST(RssFeed, JvnShapeParsesBackWithHostileText) {
  auto multi = MultiVendorAdvisory();
  multi.advisory.sections.overview.ja = "<b>太字</b> & 'quote' \"double\" ]]> \x01 control";
  const std::string xml =
      RssFeed({SingleVendorAdvisory(), multi}, Config(), Language::kJa, testing::At(2027, 1, 1));
  const Parsed doc(xml);
  ASSERT_TRUE(doc.ok()) << xml;
  EXPECT_EQ(doc.Eval("string(/rdf:RDF/@xml:lang)"), "ja");
  EXPECT_EQ(doc.Eval("string(/rdf:RDF/rss:channel/@rdf:about)"),
            "https://cvd.example.org/feeds/advisories.rdf");
  EXPECT_EQ(doc.Eval("string(/rdf:RDF/rss:channel/rss:title)"), "Example <CC> & \"Co\" 脆弱性対策情報");
  EXPECT_EQ(doc.Eval("count(/rdf:RDF/rss:channel/rss:items/rdf:Seq/rdf:li)"), "2");
  EXPECT_EQ(doc.Eval("count(/rdf:RDF/rss:item)"), "2");
  // Newest first: the multi-vendor advisory was modified last.
  const std::string first = "/rdf:RDF/rss:item[1]";
  EXPECT_EQ(doc.Eval("string(" + first + "/@rdf:about)"),
            "https://cvd.example.org/advisories/JVNVU%2398765432");
  EXPECT_EQ(doc.Eval("string(/rdf:RDF/rss:channel/rss:items/rdf:Seq/rdf:li[1]/@rdf:resource)"),
            "https://cvd.example.org/advisories/JVNVU%2398765432");
  EXPECT_EQ(doc.Eval("string(" + first + "/rss:title)"), multi.advisory.sections.title.ja);
  EXPECT_EQ(doc.Eval("string(" + first + "/rss:description)"),
            "<b>太字</b> & 'quote' \"double\" ]]> \uFFFD control");
  EXPECT_EQ(doc.Eval("string(" + first + "/sec:identifier)"), "JVNVU#98765432");
  EXPECT_EQ(doc.Eval("string(" + first + "/sec:references[@source='CVE'][1]/@id)"), "CVE-2026-40001");
  EXPECT_EQ(doc.Eval("string(" + first + "/sec:references[@source='CVE'][1])"),
            "https://www.cve.org/CVERecord?id=CVE-2026-40001");
  EXPECT_EQ(doc.Eval("string(" + first + "/sec:references[@id='CWE-79']/@title)"),
            "Improper Neutralization of Input During Web Page Generation ('Cross-site Scripting')(CWE-79)");
  EXPECT_EQ(doc.Eval("string(" + first + "/sec:references[@source='関連文書'][2])"),
            "https://example.org/%E8%B3%87%E6%96%99?a=1&b=2");
  EXPECT_EQ(doc.Eval("string(" + first + "/sec:cpe[1]/@version)"), "2.3");
  EXPECT_EQ(doc.Eval("string(" + first + "/sec:cpe[1]/@vendor)"), "OpenWidget Project");
  EXPECT_EQ(doc.Eval("string(" + first + "/sec:cvss[1]/@score)"), "6.1");
  EXPECT_EQ(doc.Eval("string(" + first + "/sec:cvss[1]/@severity)"), "Medium");
  EXPECT_EQ(doc.Eval("string(" + first + "/sec:cvss[1]/@version)"), "3.1");
  EXPECT_EQ(doc.Eval("string(" + first + "/sec:cvss[1]/@type)"), "Base");
  EXPECT_EQ(doc.Eval("string(" + first + "/sec:cvss[@version='4.0']/@vector)"),
            "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:P/VC:N/VI:N/VA:N/SC:L/SI:L/SA:N");
  EXPECT_EQ(doc.Eval("string(" + first + "/dc:date)"), "2026-12-01T12:30+09:00");
  EXPECT_EQ(doc.Eval("string(" + first + "/dcterms:issued)"), "2026-11-24T10:00+09:00");
  EXPECT_EQ(doc.Eval("string(" + first + "/dcterms:modified)"), "2026-12-01T12:30+09:00");
  EXPECT_EQ(doc.Eval("string(/rdf:RDF/rss:channel/dc:date)"), "2026-12-01T12:30+09:00");
  // The v3.0 vector of the other advisory keeps its version.
  EXPECT_EQ(doc.Eval("string(/rdf:RDF/rss:item[2]/sec:cvss/@version)"), "3.0");
}

TEST(RssFeed, EnglishAndEmpty) {
  const std::string en = RssFeed({MultiVendorAdvisory()}, Config(), Language::kEn, testing::At(2027, 1, 1));
  const Parsed doc(en);
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc.Eval("string(/rdf:RDF/@xml:lang)"), "en");
  EXPECT_EQ(doc.Eval("string(/rdf:RDF/rss:channel/@rdf:about)"),
            "https://cvd.example.org/feeds/advisories.rdf?lang=en");
  EXPECT_EQ(doc.Eval("string(/rdf:RDF/rss:item/rss:title)"),
            "OpenWidget <script> & \"quote\" 'escaping' flaws");
  EXPECT_EQ(doc.Eval("string(/rdf:RDF/rss:item/sec:references[@source='Related document'][1])"),
            "https://github.com/openwidget/openwidget/issues/1");
  const Parsed empty(RssFeed({}, Config(), Language::kJa, testing::At(2027, 1, 1)));
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty.Eval("count(/rdf:RDF/rss:item)"), "0");
  EXPECT_EQ(empty.Eval("string(/rdf:RDF/rss:channel/dc:date)"), "2027-01-01T09:00+09:00");
}

TEST(AtomFeed, ParsesBackWithUpdatedFromTheLastChange) {
  auto multi = MultiVendorAdvisory();
  multi.advisory.sections.title.en = "A <title> with & and 'quotes' \"here\"";
  const std::string xml =
      AtomFeed({SingleVendorAdvisory(), multi}, Config(), Language::kEn, testing::At(2027, 1, 1));
  const Parsed doc(xml);
  ASSERT_TRUE(doc.ok()) << xml;
  EXPECT_EQ(doc.Eval("string(/atom:feed/atom:id)"), "https://cvd.example.org/feeds/advisories.atom?lang=en");
  EXPECT_EQ(doc.Eval("string(/atom:feed/atom:updated)"), "2026-12-01T03:30:00Z");
  EXPECT_EQ(doc.Eval("string(/atom:feed/atom:author/atom:name)"), "Example <CC> & \"Co\"");
  EXPECT_EQ(doc.Eval("count(/atom:feed/atom:entry)"), "2");
  const std::string first = "/atom:feed/atom:entry[1]";
  EXPECT_EQ(doc.Eval("string(" + first + "/atom:title)"), "A <title> with & and 'quotes' \"here\"");
  EXPECT_EQ(doc.Eval("string(" + first + "/atom:id)"), "https://cvd.example.org/advisories/JVNVU%2398765432");
  EXPECT_EQ(doc.Eval("string(" + first + "/atom:updated)"), "2026-12-01T03:30:00Z");
  EXPECT_EQ(doc.Eval("string(" + first + "/atom:published)"), "2026-11-24T01:00:00Z");
  EXPECT_EQ(doc.Eval("string(" + first + "/atom:link[@type='application/json']/@href)"),
            "https://cvd.example.org/.well-known/csaf/white/2026/jvnvu_98765432.json");
  EXPECT_EQ(doc.Eval("count(" + first + "/atom:category[@term='CVE-2026-40001'])"), "1");
  EXPECT_EQ(doc.Eval("string(/atom:feed/atom:entry[2]/atom:updated)"), "2025-12-31T16:00:00Z");
  // Japanese.
  const Parsed ja(AtomFeed({multi}, Config(), Language::kJa, testing::At(2027, 1, 1)));
  ASSERT_TRUE(ja.ok());
  EXPECT_EQ(ja.Eval("string(/atom:feed/atom:entry/atom:title)"), multi.advisory.sections.title.ja);
  EXPECT_EQ(ja.Eval("string(/atom:feed/atom:entry/atom:summary)"), multi.advisory.sections.overview.ja);
}

}  // namespace
}  // namespace cvdhub::formats
