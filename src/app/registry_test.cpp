// App-level tests of the vendor registry (PROCESS.md §3, G1) over the real
// SQLite store and real OpenPGP keys.
#include "app/app_test_support.hpp"
#include "app/registry.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "app/context.hpp"
#include "app/security.hpp"
#include "app/services.hpp"
#include "domain/calendar.hpp"
#include "i18n/catalog.hpp"
#include "mail/openpgp.hpp"
#include "store/store.hpp"

#ifndef CVDHUB_SOURCE_DIR
#define CVDHUB_SOURCE_DIR "/work/main"
#endif

namespace cvdhub::app {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono;
using domain::Language;
using domain::Role;
using domain::Vendor;
using domain::VendorContact;
using domain::VendorProduct;

constexpr const char* kPassword = "correct horse battery";

Timestamp Utc(int y, unsigned m, unsigned d, int hh = 0, int mm = 0, int ss = 0) {
  return Timestamp{sys_days{year{y} / month{m} / day{d}} + hours{hh} + minutes{mm} + seconds{ss}};
}

template <typename R>
std::optional<ErrorCode> Code(const R& r) {
  if (r.ok()) return std::nullopt;
  return r.error().code;
}

class RegistryTest : public test_support::AppFixture {
 protected:
  RegistryTest() : AppFixture(Utc(2026, 5, 1, 1, 0)) {}

  void SetUp() override {
    AppFixture::SetUp();
    if (HasFatalFailure()) return;
    lead_ = NewUser("lead", Role::kLeadCoordinator);
  }

  Registry& registry() { return services_->registry; }

  Actor NewUser(const std::string& name, Role role) {
    auto u =
        services_->accounts.AddUser(name + "@example.jp", "User " + name, role, kPassword, Language::kJa);
    EXPECT_TRUE(u.ok()) << u.error().message;
    return u.ok() ? Actor{*u} : Actor::Anonymous();
  }

  std::int64_t NewVendor(Vendor v) {
    if (v.contact_email.empty()) v.contact_email = "psirt@vendor.example";
    auto id = registry().Create(lead_, v);
    EXPECT_TRUE(id.ok()) << id.error().message;
    return id.ok() ? *id : 0;
  }

  // A vendor account that is a member of `vendor_id`.
  Actor Member(const std::string& name, std::int64_t vendor_id) {
    Actor a = NewUser(name, Role::kVendor);
    const Status st = registry().AddMember(lead_, vendor_id, a.id());
    EXPECT_TRUE(st.ok()) << st.error().message;
    return a;
  }

  Vendor Stored(std::int64_t id) {
    auto p = registry().Profile(lead_, id);
    EXPECT_TRUE(p.ok()) << p.error().message;
    return p.ok() ? p->vendor : Vendor{};
  }

  std::vector<VendorContact> Contacts(std::int64_t id) {
    auto p = registry().Profile(lead_, id);
    EXPECT_TRUE(p.ok());
    return p.ok() ? p->contacts : std::vector<VendorContact>{};
  }

  std::vector<domain::Event> Events(std::int64_t vendor_id, const std::string& action = "") {
    std::vector<domain::Event> out;
    auto st = store_->Read([&](store::Tx& tx) -> Status {
      auto e = tx.ListEvents("vendor", vendor_id);
      if (!e) return e.error();
      out = *e;
      return {};
    });
    EXPECT_TRUE(st.ok()) << st.error().message;
    if (!action.empty()) std::erase_if(out, [&](const domain::Event& e) { return e.action != action; });
    return out;
  }

  Actor lead_;
};

// ---------------------------------------------------------------- Audit (G1)

TEST_F(RegistryTest, UpdateAuditsEachChangedFieldAsAVendorEvent) {
  // Contact changes are the developer's to make at once; every change is audited (G1, PROCESS §3).
  const auto id = NewVendor({.name = "Example Soft", .contact_email = "psirt@example-soft.example"});
  const auto created = Events(id);
  ASSERT_EQ(created.size(), 1u);
  EXPECT_EQ(created[0].action, "vendor.created");
  EXPECT_EQ(created[0].field, "name");
  EXPECT_EQ(created[0].to_value, "Example Soft");
  EXPECT_EQ(created[0].actor_id, lead_.id());
  const Actor member = Member("psirt", id);
  const auto joined = Events(id, "vendor.member_added");
  ASSERT_EQ(joined.size(), 1u);
  EXPECT_EQ(joined[0].to_value, "psirt@example.jp");

  const Timestamp t1 = Utc(2026, 5, 2, 3, 0);
  clock_.Set(t1);
  Vendor v = Stored(id);
  v.name_en = "Example Soft Inc.";
  v.registration = domain::RegistrationType::kGeneral;
  v.phone = "+81-3-0000-0000";
  v.public_listing = true;
  v.accepts_direct_reports = true;
  v.reporting_contact = "https://example-soft.example/security";
  const Status st = registry().Update(member, v);
  ASSERT_TRUE(st.ok()) << st.error().message;

  const auto updated = Events(id, "vendor.updated");
  const struct {
    const char* field;
    const char* from;
    const char* to;
  } want[] = {
      {"name_en", "", "Example Soft Inc."},
      {"registration", "individual", "general"},
      {"phone", "", "+81-3-0000-0000"},
      {"public_listing", "false", "true"},
      {"accepts_direct_reports", "false", "true"},
      {"reporting_contact", "", "https://example-soft.example/security"},
  };
  ASSERT_EQ(updated.size(), std::size(want));
  for (std::size_t i = 0; i < std::size(want); ++i) {
    EXPECT_EQ(updated[i].field, want[i].field);
    EXPECT_EQ(updated[i].from_value, want[i].from) << want[i].field;
    EXPECT_EQ(updated[i].to_value, want[i].to) << want[i].field;
    EXPECT_EQ(updated[i].subject_type, "vendor");
    EXPECT_EQ(updated[i].subject_id, id);
    EXPECT_EQ(updated[i].actor_id, member.id());
    EXPECT_EQ(updated[i].actor_name, "User psirt");
    EXPECT_EQ(updated[i].at, t1);
  }
  const Vendor stored = Stored(id);
  EXPECT_EQ(stored.name_en, "Example Soft Inc.");
  EXPECT_EQ(stored.registration, domain::RegistrationType::kGeneral);
  EXPECT_TRUE(stored.accepts_direct_reports);

  // Saving the same values records nothing; a changed e-mail records one event.
  ASSERT_TRUE(registry().Update(member, stored).ok());
  EXPECT_EQ(Events(id, "vendor.updated").size(), std::size(want));
  Vendor mail = stored;
  mail.contact_email = "security@example-soft.example";
  ASSERT_TRUE(registry().Update(member, mail).ok());
  const auto after = Events(id, "vendor.updated");
  ASSERT_EQ(after.size(), std::size(want) + 1);
  EXPECT_EQ(after.back().field, "contact_email");
  EXPECT_EQ(after.back().from_value, "psirt@example-soft.example");
  EXPECT_EQ(after.back().to_value, "security@example-soft.example");
}

TEST_F(RegistryTest, AnInvalidUpdateChangesAndAuditsNothing) {
  // A vendor accepting direct reports must show its reporting contact (PROCESS §3).
  const auto id = NewVendor({.name = "Example Soft"});
  const Actor member = Member("psirt", id);
  Vendor v = Stored(id);
  v.phone = "+81-3-0000-0000";
  v.accepts_direct_reports = true;
  const Status st = registry().Update(member, v);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(st.error().field, "reporting_contact");
  EXPECT_EQ(Stored(id).phone, "");
  EXPECT_TRUE(Events(id, "vendor.updated").empty());
}

TEST_F(RegistryTest, RegistrationIsNotTheVendorsToFlip) {
  // Whether a developer is registered follows from its registration (G2-3), not from an edit.
  const auto id = NewVendor({.name = "Example Soft"});
  const Actor member = Member("psirt", id);
  Vendor v = Stored(id);
  v.registered = false;
  ASSERT_TRUE(registry().Update(member, v).ok());
  EXPECT_TRUE(Stored(id).registered);
  EXPECT_TRUE(Events(id, "vendor.updated").empty());
}

// ---------------------------------------------------------------- Who may edit (PROCESS §1)

TEST_F(RegistryTest, AVendorMemberEditsItsOwnVendorOnly) {
  // Registry changes of a vendor: its own members, and coordinators (G1); others do not even see it.
  const auto a = NewVendor({.name = "Vendor A"});
  const auto b = NewVendor({.name = "Vendor B"});
  const Actor member_a = Member("psirt-a", a);

  Vendor vb = Stored(b);
  vb.phone = "+81-3-1111-1111";
  const Status update = registry().Update(member_a, vb);
  ASSERT_FALSE(update.ok());
  EXPECT_EQ(update.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(Stored(b).phone, "");
  EXPECT_EQ(Code(registry().Profile(member_a, b)), ErrorCode::kNotFound);
  EXPECT_EQ(Code(registry().AddContact(member_a, {.vendor_id = b, .name = "X", .email = "x@a.example"})),
            ErrorCode::kNotFound);
  EXPECT_EQ(Code(registry().AddProduct(member_a, {.vendor_id = b, .name = "Product"})), ErrorCode::kNotFound);
  EXPECT_EQ(Code(registry().SetKeywords(member_a, b, {"openssl"})), ErrorCode::kNotFound);
  EXPECT_EQ(Code(registry().AddMember(member_a, b, member_a.id())), ErrorCode::kNotFound);
  EXPECT_EQ(Events(b).size(), 1u) << "only vendor.created";

  Vendor va = Stored(a);
  va.phone = "+81-3-2222-2222";
  ASSERT_TRUE(registry().Update(member_a, va).ok());
  EXPECT_EQ(Stored(a).phone, "+81-3-2222-2222");
  auto mine = registry().List(member_a);
  ASSERT_TRUE(mine.ok());
  ASSERT_EQ(mine->size(), 1u);
  EXPECT_EQ((*mine)[0].vendor.id, a);

  // Other roles are refused the same way; anonymous callers must log in.
  const Actor finder = NewUser("finder", Role::kFinder);
  const Actor analyst = NewUser("analyst", Role::kIntakeAnalyst);
  EXPECT_EQ(Code(registry().Update(finder, vb)), ErrorCode::kNotFound);
  EXPECT_EQ(Code(registry().Update(analyst, vb)), ErrorCode::kNotFound);
  EXPECT_EQ(Code(registry().Update(Actor::Anonymous(), vb)), ErrorCode::kUnauthenticated);
  EXPECT_EQ(Code(registry().List(finder)), ErrorCode::kForbidden);
}

TEST_F(RegistryTest, CoordinatorsMayEditAnyVendor) {
  // Coordinators maintain the registry (G1), assigned to a case or not.
  const auto a = NewVendor({.name = "Vendor A"});
  const auto b = NewVendor({.name = "Vendor B"});
  const Actor coordinator = NewUser("coordinator", Role::kCoordinator);
  for (auto id : {a, b}) {
    Vendor v = Stored(id);
    v.phone = "+81-3-3333-3333";
    const Status st = registry().Update(coordinator, v);
    ASSERT_TRUE(st.ok()) << st.error().message;
    EXPECT_EQ(Stored(id).phone, "+81-3-3333-3333");
    const auto events = Events(id, "vendor.updated");
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].actor_id, coordinator.id());
  }
  auto all = registry().List(coordinator);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 2u);
  auto product = registry().AddProduct(lead_, {.vendor_id = b, .name = "B Router"});
  EXPECT_TRUE(product.ok());
}

// ---------------------------------------------------------------- Public list (G1)

TEST_F(RegistryTest, PublicListShowsOnlyConsentingRegisteredVendors) {
  // The public developer list shows a vendor only with its consent; its reporting contact only
  // when it accepts direct reports (G1, PROCESS §3).
  NewVendor({.name = "Zeta Soft",
             .name_en = "Zeta Soft Inc.",
             .public_listing = true,
             .reporting_contact = "https://zeta.example/psirt"});
  NewVendor({.name = "Alpha Soft",
             .public_listing = true,
             .accepts_direct_reports = true,
             .reporting_contact = "https://alpha.example/report"});
  NewVendor({.name = "Hidden Soft",
             .public_listing = false,
             .accepts_direct_reports = true,
             .reporting_contact = "https://hidden.example/report"});
  NewVendor({.name = "Invited Soft", .public_listing = true, .registered = false});

  auto list = registry().PublicList();
  ASSERT_TRUE(list.ok()) << list.error().message;
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].name, "Alpha Soft");
  EXPECT_EQ((*list)[0].name_en, "");
  EXPECT_EQ((*list)[0].reporting_contact, "https://alpha.example/report");
  EXPECT_EQ((*list)[1].name, "Zeta Soft");
  EXPECT_EQ((*list)[1].name_en, "Zeta Soft Inc.");
  EXPECT_EQ((*list)[1].reporting_contact, "") << "no direct reports: the contact stays private";
}

// ---------------------------------------------------------------- Contacts and keys

TEST_F(RegistryTest, AGarbageOpenPgpKeyIsRefusedNamingTheField) {
  // An optional OpenPGP key is validated on upload (PROCESS §3).
  const auto id = NewVendor({.name = "Vendor A"});
  const Actor member = Member("psirt", id);
  for (const std::string& garbage :
       {std::string("not a key"),
        std::string("-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nAAAA\n-----END PGP PUBLIC KEY BLOCK-----\n")}) {
    auto r = registry().AddContact(
        member, {.vendor_id = id, .name = "PSIRT", .email = "psirt@a.example", .pgp_key = garbage});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(r.error().field, "pgp_key");
    EXPECT_TRUE(r.error().message.starts_with("not a usable OpenPGP public key: ")) << r.error().message;
  }
  auto huge = registry().AddContact(
      member,
      {.vendor_id = id, .name = "PSIRT", .email = "psirt@a.example", .pgp_key = std::string(200'001, 'A')});
  ASSERT_FALSE(huge.ok());
  EXPECT_EQ(huge.error().field, "pgp_key");
  EXPECT_EQ(huge.error().message, "the OpenPGP key is too large");
  EXPECT_TRUE(Contacts(id).empty());
  EXPECT_TRUE(Events(id, "vendor.contact_added").empty());
}

TEST_F(RegistryTest, ARealOpenPgpKeyIsStoredWithItsFingerprint) {
  // The contact's OpenPGP key is kept with its fingerprint, for encrypted mail (PROCESS §2–§3).
  const auto id = NewVendor({.name = "Vendor A"});
  const Actor member = Member("psirt", id);
  auto pair = mail::GenerateKeyPair("Vendor A PSIRT <psirt@a.example>");
  ASSERT_TRUE(pair.ok()) << pair.error().message;
  auto public_key = mail::PublicKeyOf(pair->secret_armored);
  ASSERT_TRUE(public_key.ok()) << public_key.error().message;

  // The secret half is never accepted as a contact key.
  auto secret = registry().AddContact(
      member,
      {.vendor_id = id, .name = "PSIRT", .email = "psirt@a.example", .pgp_key = pair->secret_armored});
  ASSERT_FALSE(secret.ok());
  EXPECT_EQ(secret.error().field, "pgp_key");

  auto cid = registry().AddContact(member, {.vendor_id = id,
                                            .name = "PSIRT",
                                            .email = "psirt@a.example",
                                            .is_primary = true,
                                            .pgp_key = *public_key,
                                            .pgp_fingerprint = "FORGED"});
  ASSERT_TRUE(cid.ok()) << cid.error().message;
  const auto contacts = Contacts(id);
  ASSERT_EQ(contacts.size(), 1u);
  EXPECT_EQ(contacts[0].id, *cid);
  EXPECT_EQ(contacts[0].pgp_key, *public_key);
  EXPECT_EQ(contacts[0].pgp_fingerprint, pair->fingerprint) << "from the key, not from the caller";
  EXPECT_EQ(contacts[0].pgp_fingerprint.size(), 40u);
  const auto added = Events(id, "vendor.contact_added");
  ASSERT_EQ(added.size(), 1u);
  EXPECT_EQ(added[0].to_value, "psirt@a.example (key " + pair->fingerprint + ")");
  EXPECT_EQ(added[0].actor_id, member.id());
}

TEST_F(RegistryTest, MakingAContactPrimaryDemotesThePreviousPrimary) {
  // One primary PSIRT contact per vendor (PROCESS §3).
  const auto id = NewVendor({.name = "Vendor A"});
  const Actor member = Member("psirt", id);
  auto first = registry().AddContact(
      member, {.vendor_id = id, .name = "First", .email = "first@a.example", .is_primary = true});
  ASSERT_TRUE(first.ok()) << first.error().message;
  auto second =
      registry().AddContact(member, {.vendor_id = id, .name = "Second", .email = "second@a.example"});
  ASSERT_TRUE(second.ok());
  auto contacts = Contacts(id);
  ASSERT_EQ(contacts.size(), 2u);
  EXPECT_EQ(contacts[0].id, *first);
  EXPECT_TRUE(contacts[0].is_primary);
  EXPECT_FALSE(contacts[1].is_primary);

  auto third = registry().AddContact(
      member, {.vendor_id = id, .name = "Third", .email = "third@a.example", .is_primary = true});
  ASSERT_TRUE(third.ok());
  contacts = Contacts(id);
  ASSERT_EQ(contacts.size(), 3u);
  int primaries = 0;
  for (const auto& c : contacts) {
    if (c.is_primary) {
      ++primaries;
      EXPECT_EQ(c.id, *third);
    }
  }
  EXPECT_EQ(primaries, 1);
  EXPECT_EQ(contacts[0].id, *third) << "the primary contact is listed first";

  ASSERT_TRUE(registry().RemoveContact(member, id, *first).ok());
  EXPECT_EQ(Contacts(id).size(), 2u);
  const auto removed = Events(id, "vendor.contact_removed");
  ASSERT_EQ(removed.size(), 1u);
  EXPECT_EQ(removed[0].from_value, std::to_string(*first));
  EXPECT_EQ(Events(id, "vendor.contact_added").size(), 3u);
}

TEST_F(RegistryTest, AContactNeedsANameAndAnEmailAddress) {
  // A registration gives a reachable contact (PROCESS §3).
  const auto id = NewVendor({.name = "Vendor A"});
  const struct {
    VendorContact contact;
    const char* field;
  } cases[] = {
      {{.vendor_id = id, .name = "", .email = "psirt@a.example"}, "name"},
      {{.vendor_id = id, .name = "PSIRT", .email = "psirt"}, "email"},
      {{.vendor_id = id, .name = "PSIRT", .email = "a@b@c"}, "email"},
      {{.vendor_id = id, .name = "PSIRT", .email = "psirt@a.example", .phone = std::string(301, '0')},
       "phone"},
  };
  for (const auto& c : cases) {
    auto r = registry().AddContact(lead_, c.contact);
    ASSERT_FALSE(r.ok()) << c.field;
    EXPECT_EQ(r.error().field, c.field);
  }
  EXPECT_TRUE(Contacts(id).empty());
}

// ---------------------------------------------------------------- Products and keywords

TEST_F(RegistryTest, AddProductValidatesItsCpeAndPackageUrl) {
  // Products carry CPE and PURL identifiers for matching (PROCESS §4.1).
  const auto id = NewVendor({.name = "Vendor A"});
  const Actor member = Member("psirt", id);
  const struct {
    VendorProduct product;
    const char* field;
    const char* message;
  } bad[] = {
      {{.vendor_id = id, .name = ""}, "name", "the product name is required (at most 300 bytes)"},
      {{.vendor_id = id, .name = "Widget", .cpe = "cpe:/a:acme:widget"},
       "cpe",
       "a CPE must be a CPE 2.3 formatted string with 13 parts, e.g. "
       "cpe:2.3:a:vendor:product:*:*:*:*:*:*:*:*"},
      {{.vendor_id = id, .name = "Widget", .cpe = "cpe:2.3:q:acme:widget:*:*:*:*:*:*:*:*"},
       "cpe",
       "the CPE part must be a, o or h"},
      {{.vendor_id = id, .name = "Widget", .purl = "npm/widget"},
       "purl",
       "a package URL must look like pkg:type/namespace/name@version"},
      {{.vendor_id = id, .name = "Widget", .purl = "pkg:widget"},
       "purl",
       "a package URL needs a type and a name, e.g. pkg:npm/lodash"},
  };
  for (const auto& b : bad) {
    auto r = registry().AddProduct(member, b.product);
    ASSERT_FALSE(r.ok()) << b.field;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(r.error().field, b.field);
    EXPECT_EQ(r.error().message, b.message);
  }
  auto p = registry().Profile(member, id);
  ASSERT_TRUE(p.ok());
  EXPECT_TRUE(p->products.empty());

  auto good = registry().AddProduct(member, {.vendor_id = id,
                                             .name = "Widget",
                                             .cpe = "cpe:2.3:a:acme:widget:*:*:*:*:*:*:*:*",
                                             .purl = "pkg:npm/%40acme/widget"});
  ASSERT_TRUE(good.ok()) << good.error().message;
  auto name_only = registry().AddProduct(member, {.vendor_id = id, .name = "Legacy Tool"});
  ASSERT_TRUE(name_only.ok()) << "identifiers are optional";
  p = registry().Profile(member, id);
  ASSERT_TRUE(p.ok());
  ASSERT_EQ(p->products.size(), 2u);
  EXPECT_EQ(p->products[0].id, *good);
  EXPECT_EQ(p->products[0].cpe, "cpe:2.3:a:acme:widget:*:*:*:*:*:*:*:*");
  EXPECT_EQ(p->products[0].purl, "pkg:npm/%40acme/widget");
  const auto added = Events(id, "vendor.product_added");
  ASSERT_EQ(added.size(), 2u);
  EXPECT_EQ(added[0].to_value, "Widget");
}

TEST_F(RegistryTest, KeywordAnswersAreReplacedAndAudited) {
  // A general registration answers the technology keyword list (G1); changes are audited.
  const auto id = NewVendor({.name = "Vendor A", .registration = domain::RegistrationType::kGeneral});
  const Actor member = Member("psirt", id);
  ASSERT_TRUE(registry().SetKeywords(member, id, {"openssl", "zlib"}).ok());
  ASSERT_TRUE(registry().SetKeywords(member, id, {"OpenSSL", "libxml2"}).ok());
  auto p = registry().Profile(member, id);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->keywords, (std::vector<std::string>{"libxml2", "OpenSSL"}));
  const auto events = Events(id, "vendor.keywords");
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].from_value, "openssl, zlib");
  EXPECT_EQ(events[1].to_value, "OpenSSL, libxml2");
  EXPECT_EQ(Code(registry().SetKeywords(member, id, {""})), ErrorCode::kInvalidInput);
}

}  // namespace
}  // namespace cvdhub::app
