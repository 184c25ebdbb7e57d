// The product developer registry (PROCESS.md §3, G1): vendors maintain their
// own entries (contacts, OpenPGP keys, products with CPE/PURL, keyword
// answers, consent flags); every change is audited; the public developer
// list shows only consenting vendors.
#pragma once

#include <string>
#include <vector>

#include "app/context.hpp"
#include "app/policy.hpp"
#include "domain/registry.hpp"

namespace cvdhub::app {

// What the public may see of a vendor (only with its consent).
struct PublicVendor {
  std::string name;
  std::string name_en;
  std::string reporting_contact;  // only when it accepts direct reports
};

class Registry {
 public:
  explicit Registry(Context& ctx) : ctx_(ctx) {}

  // The public developer list: consenting vendors only.
  Result<std::vector<PublicVendor>> PublicList();
  // Every vendor with its profile (coordinators), or the actor's own vendors.
  Result<std::vector<domain::VendorProfile>> List(const Actor& actor);
  Result<domain::VendorProfile> Profile(const Actor& actor, std::int64_t vendor_id);
  // A new registered vendor (coordinators; the CLI).
  Result<std::int64_t> Create(const Actor& actor, domain::Vendor vendor);
  Status Update(const Actor& actor, const domain::Vendor& vendor);
  // Adds a contact; an OpenPGP key is validated (RNP) and its fingerprint kept.
  Result<std::int64_t> AddContact(const Actor& actor, domain::VendorContact contact);
  Status RemoveContact(const Actor& actor, std::int64_t vendor_id, std::int64_t contact_id);
  Result<std::int64_t> AddProduct(const Actor& actor, domain::VendorProduct product);
  Status RemoveProduct(const Actor& actor, std::int64_t vendor_id, std::int64_t product_id);
  Status SetKeywords(const Actor& actor, std::int64_t vendor_id, const std::vector<std::string>& keywords);
  // Links an account to a vendor (its PSIRT staff).
  Status AddMember(const Actor& actor, std::int64_t vendor_id, domain::UserId user_id);
  // An unregistered developer accepts its invitation: it registers
  // individually and gets an account (G2-3).
  Result<domain::User> AcceptInvite(const std::string& token, const std::string& contact_name,
                                    const std::string& email, const std::string& password);

 private:
  Result<bool> IsMember(store::Tx& tx, const Actor& actor, std::int64_t vendor_id);
  Status Authorize(store::Tx& tx, const Actor& actor, std::int64_t vendor_id);
  Status Audit(store::Tx& tx, const Actor& actor, std::int64_t vendor_id, std::string action, std::string field,
               std::string from, std::string to);

  Context& ctx_;
};

}  // namespace cvdhub::app
