#include "app/registry.hpp"

#include "app/accounts.hpp"
#include "app/notifications.hpp"
#include "app/security.hpp"
#include "mail/openpgp.hpp"

namespace cvdhub::app {

using domain::Role;

Result<bool> Registry::IsMember(store::Tx& tx, const Actor& actor, std::int64_t vendor_id) {
  if (actor.IsAnonymous()) return false;
  auto vendors = tx.coordination().VendorsOfUser(actor.id());
  if (!vendors) return vendors.error();
  return std::find(vendors->begin(), vendors->end(), vendor_id) != vendors->end();
}

Status Registry::Authorize(store::Tx& tx, const Actor& actor, std::int64_t vendor_id) {
  auto member = IsMember(tx, actor, vendor_id);
  if (!member) return member.error();
  return AuthorizeVendorEdit(actor, *member);
}

Status Registry::Audit(store::Tx& tx, const Actor& actor, std::int64_t vendor_id, std::string action,
                       std::string field, std::string from, std::string to) {
  return tx.AppendEvent({.subject_type = "vendor", .subject_id = vendor_id, .actor_id = actor.id(),
                         .actor_name = actor.user ? actor.user->display_name : "system", .at = ctx_.clock.Now(),
                         .action = std::move(action), .field = std::move(field), .from_value = std::move(from),
                         .to_value = std::move(to)});
}

Result<std::vector<PublicVendor>> Registry::PublicList() {
  std::vector<PublicVendor> out;
  auto st = ctx_.store.Read([&](store::Tx& tx) -> Status {
    auto vendors = tx.ListVendors();
    if (!vendors) return vendors.error();
    for (const auto& v : *vendors) {
      if (!v.public_listing || !v.registered) continue;  // only with the vendor's consent (G1)
      out.push_back({.name = v.name, .name_en = v.name_en,
                     .reporting_contact = v.accepts_direct_reports ? v.reporting_contact : std::string()});
    }
    return {};
  });
  if (!st) return st.error();
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return out;
}

Result<std::vector<domain::VendorProfile>> Registry::List(const Actor& actor) {
  if (actor.IsAnonymous()) return Error::Unauthenticated();
  const Role r = actor.user->role;
  if (r != Role::kCoordinator && r != Role::kLeadCoordinator && r != Role::kVendor) return Error::Forbidden();
  std::vector<domain::VendorProfile> out;
  auto st = ctx_.store.Read([&](store::Tx& tx) -> Status {
    auto profiles = tx.coordination().ListProfiles();
    if (!profiles) return profiles.error();
    if (r == Role::kVendor) {
      auto mine = tx.coordination().VendorsOfUser(actor.id());
      if (!mine) return mine.error();
      std::erase_if(*profiles, [&](const domain::VendorProfile& p) {
        return std::find(mine->begin(), mine->end(), p.vendor.id) == mine->end();
      });
    }
    out = std::move(*profiles);
    return {};
  });
  if (!st) return st.error();
  return out;
}

Result<domain::VendorProfile> Registry::Profile(const Actor& actor, std::int64_t vendor_id) {
  domain::VendorProfile p;
  auto st = ctx_.store.Read([&](store::Tx& tx) -> Status {
    if (auto a = Authorize(tx, actor, vendor_id); !a) return a;
    auto v = tx.coordination().FindVendor(vendor_id);
    if (!v) return Error::NotFound("vendor not found");
    p.vendor = std::move(*v);
    auto contacts = tx.coordination().ListContacts(vendor_id);
    if (!contacts) return contacts.error();
    p.contacts = std::move(*contacts);
    auto products = tx.coordination().ListProducts(vendor_id);
    if (!products) return products.error();
    p.products = std::move(*products);
    auto keywords = tx.coordination().ListKeywords(vendor_id);
    if (!keywords) return keywords.error();
    p.keywords = std::move(*keywords);
    return {};
  });
  if (!st) return st.error();
  return p;
}

Result<std::int64_t> Registry::Create(const Actor& actor, domain::Vendor vendor) {
  if (actor.IsAnonymous()) return Error::Unauthenticated();
  const Role r = actor.user->role;
  if (r != Role::kCoordinator && r != Role::kLeadCoordinator && r != Role::kIntakeAnalyst) {
    return Error::Forbidden();
  }
  if (auto s = domain::ValidateVendor(vendor); !s) return s.error();
  vendor.created_at = ctx_.clock.Now();
  std::int64_t id = 0;
  auto st = ctx_.store.Write([&](store::Tx& tx) -> Status {
    auto vid = tx.InsertVendor(vendor);
    if (!vid) {
      if (vid.error().code == ErrorCode::kConflict) {
        return Error{ErrorCode::kConflict, "a vendor with this name already exists", "name", {}};
      }
      return vid.error();
    }
    id = *vid;
    return Audit(tx, actor, id, "vendor.created", "name", "", vendor.name);
  });
  if (!st) return st.error();
  return id;
}

Status Registry::Update(const Actor& actor, const domain::Vendor& vendor) {
  if (auto s = domain::ValidateVendor(vendor); !s) return s;
  return ctx_.store.Write([&](store::Tx& tx) -> Status {
    if (auto a = Authorize(tx, actor, vendor.id); !a) return a;
    auto old = tx.coordination().FindVendor(vendor.id);
    if (!old) return Error::NotFound("vendor not found");
    domain::Vendor next = vendor;
    next.registered = old->registered;  // registration is not the vendor's to flip
    next.created_at = old->created_at;
    if (auto s = tx.coordination().UpdateVendor(next); !s) return s;
    // Every change is audited, field by field (G1: "every change is audited").
    const struct {
      const char* field;
      std::string from, to;
    } changes[] = {
        {"name", old->name, next.name},
        {"name_en", old->name_en, next.name_en},
        {"registration", std::string(domain::RegistrationTypeName(old->registration)),
         std::string(domain::RegistrationTypeName(next.registration))},
        {"contact_email", old->contact_email, next.contact_email},
        {"phone", old->phone, next.phone},
        {"public_listing", old->public_listing ? "true" : "false", next.public_listing ? "true" : "false"},
        {"accepts_direct_reports", old->accepts_direct_reports ? "true" : "false",
         next.accepts_direct_reports ? "true" : "false"},
        {"reporting_contact", old->reporting_contact, next.reporting_contact},
    };
    for (const auto& c : changes) {
      if (c.from == c.to) continue;
      if (auto s = Audit(tx, actor, vendor.id, "vendor.updated", c.field, c.from, c.to); !s) return s;
    }
    return {};
  });
}

Result<std::int64_t> Registry::AddContact(const Actor& actor, domain::VendorContact contact) {
  if (auto s = domain::ValidateContact(contact); !s) return s.error();
  if (!contact.pgp_key.empty()) {
    if (contact.pgp_key.size() > 200'000) return Error::Invalid("pgp_key", "the OpenPGP key is too large");
    auto info = mail::InspectPublicKey(contact.pgp_key);
    if (!info) return Error::Invalid("pgp_key", "not a usable OpenPGP public key: " + info.error().message);
    contact.pgp_fingerprint = info->fingerprint;
  }
  std::int64_t id = 0;
  auto st = ctx_.store.Write([&](store::Tx& tx) -> Status {
    if (auto a = Authorize(tx, actor, contact.vendor_id); !a) return a;
    if (contact.is_primary) {
      // One primary contact: the previous one steps down.
      auto contacts = tx.coordination().ListContacts(contact.vendor_id);
      if (!contacts) return contacts.error();
      for (auto& c : *contacts) {
        if (!c.is_primary) continue;
        c.is_primary = false;
        if (auto s = tx.coordination().UpdateContact(c); !s) return s;
      }
    }
    auto cid = tx.coordination().InsertContact(contact);
    if (!cid) return cid.error();
    id = *cid;
    // Mail to this address is encrypted from now on (the mail component keeps recipient keys).
    if (!contact.pgp_key.empty()) {
      if (auto k = SetRecipientKey(tx, ctx_, contact.email, contact.pgp_key); !k) return k;
    }
    return Audit(tx, actor, contact.vendor_id, "vendor.contact_added", "contact", "",
                 contact.email + (contact.pgp_fingerprint.empty() ? "" : " (key " + contact.pgp_fingerprint + ")"));
  });
  if (!st) return st.error();
  return id;
}

Status Registry::RemoveContact(const Actor& actor, std::int64_t vendor_id, std::int64_t contact_id) {
  return ctx_.store.Write([&](store::Tx& tx) -> Status {
    if (auto a = Authorize(tx, actor, vendor_id); !a) return a;
    if (auto s = tx.coordination().DeleteContact(vendor_id, contact_id); !s) return s;
    return Audit(tx, actor, vendor_id, "vendor.contact_removed", "contact", std::to_string(contact_id), "");
  });
}

Result<std::int64_t> Registry::AddProduct(const Actor& actor, domain::VendorProduct product) {
  if (product.name.empty() || product.name.size() > domain::kMaxShortField || !domain::IsValidUtf8(product.name)) {
    return Error::Invalid("name", "the product name is required (at most 300 bytes)");
  }
  if (!product.cpe.empty()) {
    if (auto s = domain::ValidateCpe(product.cpe); !s) return s.error();
  }
  if (!product.purl.empty()) {
    if (auto s = domain::ValidatePurl(product.purl); !s) return s.error();
  }
  std::int64_t id = 0;
  auto st = ctx_.store.Write([&](store::Tx& tx) -> Status {
    if (auto a = Authorize(tx, actor, product.vendor_id); !a) return a;
    auto pid = tx.coordination().InsertProduct(product);
    if (!pid) return pid.error();
    id = *pid;
    return Audit(tx, actor, product.vendor_id, "vendor.product_added", "product", "", product.name);
  });
  if (!st) return st.error();
  return id;
}

Status Registry::RemoveProduct(const Actor& actor, std::int64_t vendor_id, std::int64_t product_id) {
  return ctx_.store.Write([&](store::Tx& tx) -> Status {
    if (auto a = Authorize(tx, actor, vendor_id); !a) return a;
    if (auto s = tx.coordination().DeleteProduct(vendor_id, product_id); !s) return s;
    return Audit(tx, actor, vendor_id, "vendor.product_removed", "product", std::to_string(product_id), "");
  });
}

Status Registry::SetKeywords(const Actor& actor, std::int64_t vendor_id, const std::vector<std::string>& keywords) {
  if (keywords.size() > 200) return Error::Invalid("keywords", "at most 200 keywords");
  for (const auto& k : keywords) {
    if (k.empty() || k.size() > 100 || !domain::IsValidUtf8(k)) {
      return Error::Invalid("keywords", "each keyword must be 1 to 100 bytes of UTF-8");
    }
  }
  return ctx_.store.Write([&](store::Tx& tx) -> Status {
    if (auto a = Authorize(tx, actor, vendor_id); !a) return a;
    auto before = tx.coordination().ListKeywords(vendor_id);
    if (!before) return before.error();
    if (auto s = tx.coordination().SetKeywords(vendor_id, keywords); !s) return s;
    auto join = [](const std::vector<std::string>& v) {
      std::string out;
      for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
      return out;
    };
    return Audit(tx, actor, vendor_id, "vendor.keywords", "keywords", join(*before), join(keywords));
  });
}

Status Registry::AddMember(const Actor& actor, std::int64_t vendor_id, domain::UserId user_id) {
  return ctx_.store.Write([&](store::Tx& tx) -> Status {
    if (auto a = Authorize(tx, actor, vendor_id); !a) return a;
    auto u = tx.FindUser(user_id);
    if (!u || u->user.role != Role::kVendor) return Error::Invalid("user_id", "user_id must name a vendor account");
    if (auto s = tx.coordination().AddVendorMember(vendor_id, user_id); !s) return s;
    return Audit(tx, actor, vendor_id, "vendor.member_added", "member", "", u->user.email);
  });
}

Result<domain::User> Registry::AcceptInvite(const std::string& token, const std::string& contact_name,
                                            const std::string& email, const std::string& password) {
  if (auto s = ValidateEmail(email); !s) return s.error();
  if (auto s = CheckPasswordPolicy(password); !s) return s.error();
  domain::VendorContact contact{.name = contact_name, .email = email, .is_primary = true};
  if (auto s = domain::ValidateContact(contact); !s) return s.error();
  auto hash = HashPassword(password);
  if (!hash) return hash.error();
  domain::User user{.email = email, .display_name = contact_name, .role = Role::kVendor};
  auto st = ctx_.store.Write([&](store::Tx& tx) -> Status {
    auto vendor = tx.coordination().FindVendorByInvite(Sha256Hex(token));
    if (!vendor) return Error::NotFound("this invitation is not valid (any more)");
    vendor->registered = true;
    vendor->registration = domain::RegistrationType::kIndividual;  // individual registration (G2-3)
    if (vendor->contact_email.empty()) vendor->contact_email = email;
    if (auto s = tx.coordination().UpdateVendor(*vendor); !s) return s;
    if (auto s = tx.coordination().SetInviteToken(vendor->id, ""); !s) return s;
    auto uid = tx.InsertUser(user, *hash);
    if (!uid) {
      if (uid.error().code == ErrorCode::kConflict) {
        return Error{ErrorCode::kConflict, "an account with this email already exists", "email", {}};
      }
      return uid.error();
    }
    user.id = *uid;
    if (auto s = tx.coordination().AddVendorMember(vendor->id, user.id); !s) return s;
    contact.vendor_id = vendor->id;
    auto cid = tx.coordination().InsertContact(contact);
    if (!cid) return cid.error();
    return Audit(tx, Actor{user}, vendor->id, "vendor.registered", "registered", "false", "true");
  });
  if (!st) return st.error();
  return user;
}

}  // namespace cvdhub::app
