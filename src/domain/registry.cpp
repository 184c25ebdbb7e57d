#include "domain/registry.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include "domain/report.hpp"

namespace cvdhub::domain {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  while (true) {
    auto pos = s.find(sep);
    out.push_back(s.substr(0, pos));
    if (pos == std::string_view::npos) break;
    s.remove_prefix(pos + 1);
  }
  return out;
}

Status CheckShort(std::string_view field, std::string_view value, bool required) {
  if (required && value.empty()) return Error::Invalid(std::string(field), std::string(field) + " is required");
  if (value.size() > kMaxShortField || !IsValidUtf8(value)) {
    return Error::Invalid(std::string(field), std::string(field) + " must be valid UTF-8 of at most 300 bytes");
  }
  return {};
}

bool LooksLikeEmail(std::string_view e) {
  const auto at = e.find('@');
  return at != std::string_view::npos && at > 0 && at + 1 < e.size() && e.find('@', at + 1) == std::string_view::npos &&
         e.find_first_of(" \t\r\n<>\"") == std::string_view::npos && e.size() <= 254;
}

// The host of an http(s) URL or the domain of an e-mail address, lower-case.
std::string HostOf(std::string_view s) {
  if (auto at = s.find('@'); at != std::string_view::npos && s.find("://") == std::string_view::npos) {
    return Lower(s.substr(at + 1));
  }
  auto scheme = s.find("://");
  if (scheme == std::string_view::npos) return {};
  s.remove_prefix(scheme + 3);
  s = s.substr(0, s.find_first_of("/:?#"));
  std::string host = Lower(s);
  if (host.starts_with("www.")) host = host.substr(4);
  return host;
}

// True when `needle` (at least 3 characters) occurs in `haystack`, ignoring case.
bool ContainsWord(std::string_view haystack, std::string_view needle) {
  if (needle.size() < 3) return false;
  return Lower(haystack).find(Lower(needle)) != std::string::npos;
}

}  // namespace

Status ValidateVendor(const Vendor& v) {
  if (auto st = CheckShort("name", v.name, true); !st) return st;
  if (auto st = CheckShort("name_en", v.name_en, false); !st) return st;
  if (auto st = CheckShort("phone", v.phone, false); !st) return st;
  if (auto st = CheckShort("reporting_contact", v.reporting_contact, false); !st) return st;
  if (!v.contact_email.empty() && !LooksLikeEmail(v.contact_email)) {
    return Error::Invalid("contact_email", "contact_email must be an address like psirt@example.org");
  }
  if (v.accepts_direct_reports && v.reporting_contact.empty()) {
    return Error::Invalid("reporting_contact", "a vendor accepting direct reports must give its reporting contact");
  }
  return {};
}

Status ValidateContact(const VendorContact& c) {
  if (auto st = CheckShort("name", c.name, true); !st) return st;
  if (!LooksLikeEmail(c.email)) return Error::Invalid("email", "email must be an address like psirt@example.org");
  if (auto st = CheckShort("phone", c.phone, false); !st) return st;
  return {};
}

Status ValidateCpe(std::string_view cpe) {
  // cpe:2.3:part:vendor:product:version:update:edition:language:sw_edition:target_sw:target_hw:other
  if (cpe.size() > 1024) return Error::Invalid("cpe", "a CPE may be at most 1024 bytes");
  const auto parts = Split(cpe, ':');
  if (parts.size() != 13 || parts[0] != "cpe" || parts[1] != "2.3") {
    return Error::Invalid("cpe", "a CPE must be a CPE 2.3 formatted string with 13 parts, e.g. "
                                 "cpe:2.3:a:vendor:product:*:*:*:*:*:*:*:*");
  }
  if (parts[2] != "a" && parts[2] != "o" && parts[2] != "h") {
    return Error::Invalid("cpe", "the CPE part must be a, o or h");
  }
  if (parts[3].empty() || parts[4].empty()) return Error::Invalid("cpe", "the CPE vendor and product must be given");
  if (!IsValidUtf8(cpe)) return Error::Invalid("cpe", "a CPE must be valid UTF-8");
  if (cpe.find_first_of(" \t\r\n") != std::string_view::npos) {
    return Error::Invalid("cpe", "a CPE may not contain spaces");
  }
  return {};
}

Status ValidatePurl(std::string_view purl) {
  if (purl.size() > 1024) return Error::Invalid("purl", "a package URL may be at most 1024 bytes");
  if (!purl.starts_with("pkg:") || !IsValidUtf8(purl) ||
      purl.find_first_of(" \t\r\n") != std::string_view::npos) {
    return Error::Invalid("purl", "a package URL must look like pkg:type/namespace/name@version");
  }
  std::string_view rest = purl.substr(4);
  const auto slash = rest.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 >= rest.size()) {
    return Error::Invalid("purl", "a package URL needs a type and a name, e.g. pkg:npm/lodash");
  }
  return {};
}

std::pair<std::string, std::string> CpeVendorProduct(std::string_view cpe) {
  const auto parts = Split(cpe, ':');
  if (parts.size() < 5) return {};
  return {Lower(parts[3]), Lower(parts[4])};
}

std::string PurlBase(std::string_view purl) {
  if (!purl.starts_with("pkg:")) return {};
  std::string_view rest = purl.substr(4);
  rest = rest.substr(0, rest.find_first_of("?#"));
  // The version follows the last '@' after the last '/' (a namespace may hold '@' percent-encoded only).
  const auto last_slash = rest.rfind('/');
  if (auto at = rest.find('@', last_slash == std::string_view::npos ? 0 : last_slash); at != std::string_view::npos) {
    rest = rest.substr(0, at);
  }
  return Lower(rest);
}

std::vector<VendorCandidate> RankVendors(const MatchQuery& q, const std::vector<VendorProfile>& registry) {
  std::vector<VendorCandidate> out;
  const std::string query_host = HostOf(q.product_url);
  for (const auto& profile : registry) {
    const Vendor& v = profile.vendor;
    VendorCandidate c{.vendor_id = v.id, .vendor_name = v.name};
    // Evidence of one kind counts once, at its strongest: three products that
    // share a CPE vendor must not outrank the vendor owning the exact CPE.
    std::map<std::string, int> best;  // kind → points
    auto add = [&](const std::string& kind, int points, std::string reason) {
      int& b = best[kind];
      if (points > b) b = points;
      c.reasons.push_back(std::move(reason));
    };
    for (const auto& product : profile.products) {
      for (const auto& id : q.product_ids) {
        if (id.starts_with("cpe:") && !product.cpe.empty()) {
          const auto [qv, qp] = CpeVendorProduct(id);
          const auto [pv, pp] = CpeVendorProduct(product.cpe);
          if (!qv.empty() && qv == pv && qp == pp) {
            add("cpe", 100, "CPE " + qv + ":" + qp + " matches product '" + product.name + "'");
          } else if (!qv.empty() && qv == pv) {
            add("cpe", 50, "CPE vendor '" + qv + "' matches product '" + product.name + "'");
          }
        }
        if (id.starts_with("pkg:") && !product.purl.empty()) {
          const std::string qb = PurlBase(id);
          const std::string pb = PurlBase(product.purl);
          if (!qb.empty() && qb == pb) {
            add("purl", 100, "package URL " + qb + " matches product '" + product.name + "'");
          } else if (!qb.empty() && qb.substr(0, qb.rfind('/')) == pb.substr(0, pb.rfind('/')) &&
                     qb.find('/') != qb.rfind('/')) {
            add("purl", 40, "package namespace " + qb.substr(0, qb.rfind('/')) + " matches product '" + product.name + "'");
          }
        }
      }
      if (!q.product_name.empty() && Lower(product.name) == Lower(q.product_name)) {
        add("name", 80, "product name '" + product.name + "' matches");
      } else if (ContainsWord(q.product_name, product.name) || ContainsWord(product.name, q.product_name)) {
        add("name", 40, "product name '" + product.name + "' resembles '" + q.product_name + "'");
      }
    }
    for (const auto& name : {v.name, v.name_en}) {
      if (ContainsWord(q.product_name, name) || ContainsWord(q.product_url, name)) {
        add("vendor", 50, "vendor name '" + name + "' appears in the product");
        break;
      }
    }
    if (!query_host.empty()) {
      std::vector<std::string> hosts{HostOf(v.contact_email)};
      for (const auto& contact : profile.contacts) hosts.push_back(HostOf(contact.email));
      for (const auto& h : hosts) {
        if (!h.empty() && (query_host == h || query_host.ends_with("." + h))) {
          add("domain", 30, "product site " + query_host + " is the vendor's domain");
          break;
        }
      }
    }
    // Keyword answers concern general registrations: they receive anything
    // that may concern their products (G1).
    if (v.registration == RegistrationType::kGeneral) {
      for (const auto& kw : profile.keywords) {
        for (const auto& qk : q.keywords) {
          if (Lower(kw) == Lower(qk)) add("keyword:" + Lower(kw), 20, "technology keyword '" + kw + "'");
        }
      }
    }
    for (const auto& [kind, points] : best) c.score += points;
    if (c.score > 0) out.push_back(std::move(c));
  }
  std::sort(out.begin(), out.end(), [](const VendorCandidate& a, const VendorCandidate& b) {
    return a.score != b.score ? a.score > b.score : a.vendor_name < b.vendor_name;
  });
  return out;
}

}  // namespace cvdhub::domain
