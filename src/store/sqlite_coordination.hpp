// SQLite implementation of CoordinationTx.
#pragma once

#include "store/coordination_store.hpp"
#include "store/sqlite_internal.hpp"

namespace cvdhub::store::sqlite {

// The columns of a vendor row, in the order ReadVendor reads them.
#define CVDHUB_VENDOR_COLUMNS                                                                    \
  "id, name, name_en, registration, contact_email, phone, public_listing, accepts_direct_reports," \
  " created_at, registered, reporting_contact"

// Reads a vendor from columns 0..10 (CVDHUB_VENDOR_COLUMNS).
Result<domain::Vendor> ReadVendor(const Stmt& s);

class SqliteCoordinationTx final : public CoordinationTx {
 public:
  explicit SqliteCoordinationTx(Connection& c) : c_(c) {}

  Result<domain::Vendor> FindVendor(std::int64_t id) override;
  Status UpdateVendor(const domain::Vendor& v) override;
  Status SetInviteToken(std::int64_t vendor_id, const std::string& token_hash) override;
  Result<domain::Vendor> FindVendorByInvite(const std::string& token_hash) override;
  Result<std::int64_t> InsertContact(const domain::VendorContact& c) override;
  Status UpdateContact(const domain::VendorContact& c) override;
  Status DeleteContact(std::int64_t vendor_id, std::int64_t contact_id) override;
  Result<std::vector<domain::VendorContact>> ListContacts(std::int64_t vendor_id) override;
  Result<std::int64_t> InsertProduct(const domain::VendorProduct& p) override;
  Status DeleteProduct(std::int64_t vendor_id, std::int64_t product_id) override;
  Result<std::vector<domain::VendorProduct>> ListProducts(std::int64_t vendor_id) override;
  Status SetKeywords(std::int64_t vendor_id, const std::vector<std::string>& keywords) override;
  Result<std::vector<std::string>> ListKeywords(std::int64_t vendor_id) override;
  Result<std::vector<domain::VendorProfile>> ListProfiles() override;
  Status AddVendorMember(std::int64_t vendor_id, domain::UserId user_id) override;
  Result<std::vector<std::int64_t>> VendorsOfUser(domain::UserId user_id) override;
  Result<std::vector<domain::UserId>> MembersOfVendor(std::int64_t vendor_id) override;

  Result<domain::CaseCoordination> FindCoordination(domain::CaseId case_id) override;
  Status UpdateCoordination(const domain::CaseCoordination& c) override;
  Status BumpCaseVersion(domain::CaseId case_id) override;
  Status UpdateCaseStatus(domain::CaseId case_id, const std::string& status) override;

  Result<std::int64_t> InsertCaseVendor(const domain::CaseVendor& v) override;
  Status UpdateCaseVendor(const domain::CaseVendor& v) override;
  Result<domain::CaseVendor> FindCaseVendor(domain::CaseId case_id, std::int64_t vendor_id) override;
  Result<std::vector<domain::CaseVendor>> ListCaseVendors(domain::CaseId case_id) override;
  Result<std::vector<domain::CaseId>> CasesOfVendor(std::int64_t vendor_id) override;

  Status AppendStatusHistory(const domain::StatusHistoryEntry& e) override;
  Result<std::vector<domain::StatusHistoryEntry>> ListStatusHistory(
      domain::CaseId case_id, std::optional<std::int64_t> vendor_id) override;
  Result<std::int64_t> InsertInvestigation(const domain::InvestigationReport& r) override;
  Result<std::vector<domain::InvestigationReport>> ListInvestigations(
      domain::CaseId case_id, std::optional<std::int64_t> vendor_id) override;

  Result<std::int64_t> InsertCaseMessage(const domain::CaseMessage& m) override;
  Result<std::vector<domain::CaseMessage>> ListCaseMessages(domain::CaseId case_id, domain::ThreadKind thread,
                                                            std::int64_t party_id, const MessagePage& page) override;
  Result<std::vector<std::tuple<domain::ThreadKind, std::int64_t, std::int64_t>>> CountCaseMessages(
      domain::CaseId case_id) override;

  Result<std::int64_t> InsertProposal(const domain::VendorProposal& p) override;
  Status UpdateProposal(const domain::VendorProposal& p) override;
  Result<std::vector<domain::VendorProposal>> ListProposals(domain::CaseId case_id) override;

  Result<std::int64_t> InsertPrerelease(const domain::Prerelease& p) override;
  Status UpdatePrerelease(const domain::Prerelease& p) override;
  Result<std::vector<domain::Prerelease>> ListPrereleases(domain::CaseId case_id) override;

  Result<std::int64_t> InsertPartner(const domain::CasePartner& p) override;
  Status UpdatePartner(const domain::CasePartner& p) override;
  Result<std::vector<domain::CasePartner>> ListPartners(domain::CaseId case_id) override;
  Result<domain::CasePartner> FindPartnerByUser(domain::UserId user_id) override;

 private:
  Connection& c_;
};

}  // namespace cvdhub::store::sqlite
