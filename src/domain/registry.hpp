// The product developer registry (PROCESS.md §3, G1) and the matching of a
// case's product against it (§4.1).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "domain/case.hpp"
#include "domain/result.hpp"

namespace cvdhub::domain {

struct VendorContact {
  std::int64_t id = 0;
  std::int64_t vendor_id = 0;
  std::string name;
  std::string email;
  std::string phone;
  bool is_primary = false;
  std::string pgp_key;          // armored public key
  std::string pgp_fingerprint;
};

struct VendorProduct {
  std::int64_t id = 0;
  std::int64_t vendor_id = 0;
  std::string name;
  std::string cpe;   // CPE 2.3 formatted string, e.g. cpe:2.3:a:vendor:product:*:*:*:*:*:*:*:*
  std::string purl;  // package URL, e.g. pkg:npm/%40scope/name
};

// Everything the registry knows of one vendor.
struct VendorProfile {
  Vendor vendor;
  std::vector<VendorContact> contacts;
  std::vector<VendorProduct> products;
  std::vector<std::string> keywords;  // answers to the technology keyword list
};

Status ValidateVendor(const Vendor& v);
Status ValidateContact(const VendorContact& c);
// Checks the CPE 2.3 formatted-string shape (13 colon-separated parts, "cpe:2.3:" prefix, part a/o/h).
Status ValidateCpe(std::string_view cpe);
// Checks the package-URL shape ("pkg:type/[namespace/]name[@version]").
Status ValidatePurl(std::string_view purl);

// CPE 2.3 vendor and product fields (lower-case), or empty strings.
std::pair<std::string, std::string> CpeVendorProduct(std::string_view cpe);
// PURL "type/namespace/name" without version, qualifiers or subpath (lower-case).
std::string PurlBase(std::string_view purl);

// What the coordinator knows of the affected product, for matching.
struct MatchQuery {
  std::string product_name;
  std::string product_url;
  std::vector<std::string> product_ids;  // CPEs and PURLs
  std::vector<std::string> keywords;     // technologies involved
};

struct VendorCandidate {
  std::int64_t vendor_id = 0;
  std::string vendor_name;
  int score = 0;
  std::vector<std::string> reasons;  // e.g. "CPE vendor:product cms:cms matches product 'SampleCMS'"
};

// Ranks registered vendors by how well they match, best first; vendors that
// match nothing are left out. Ties break by name.
std::vector<VendorCandidate> RankVendors(const MatchQuery& query, const std::vector<VendorProfile>& registry);

}  // namespace cvdhub::domain
