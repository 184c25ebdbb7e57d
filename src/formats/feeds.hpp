// Feeds of new and updated advisories (PROCESS.md §8): RSS 1.0 with the JVN
// `sec:` module (JVNRSS 3.2, http://jvn.jp/rss/mod_sec/3.0/) as the JVN
// portal publishes it, and Atom 1.0. Each feed is in one language (ja is the
// source language; en uses the English text where translated).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "domain/advisory.hpp"
#include "formats/export_common.hpp"

namespace cvdhub::formats {

// `text` escaped for XML character data or a quoted attribute value: & < > " '
// as entities, TAB/LF/CR as character references (kept in attributes),
// other control characters and invalid UTF-8 replaced by U+FFFD.
std::string XmlEscape(std::string_view text);

// The feeds' URLs: base_url + "/feeds/advisories.rdf" / ".atom", with
// "?lang=en" for the English feeds.
std::string RssFeedUrl(const ExportConfig& config, domain::Language lang);
std::string AtomFeedUrl(const ExportConfig& config, domain::Language lang);

// RSS 1.0 (RDF) with dc:, dcterms: and sec: (identifier, references to CVE
// and CWE and related documents, cpe, cvss with score/severity/vector/version),
// the advisories newest-modified first, as given (callers pass the last 50).
// Dates are JST (+09:00) as JVN writes them. `now` dates an empty feed.
std::string RssFeed(const std::vector<domain::PublicAdvisory>& advisories, const ExportConfig& config,
                    domain::Language lang, domain::Timestamp now);

// Atom 1.0: one entry per advisory, id = its page URL, updated = the last
// public change, published = first publication, links to the page and the
// CSAF document, CVE and CWE ids as categories.
std::string AtomFeed(const std::vector<domain::PublicAdvisory>& advisories, const ExportConfig& config,
                     domain::Language lang, domain::Timestamp now);

}  // namespace cvdhub::formats
