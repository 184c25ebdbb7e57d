// The coordination component's part of a store transaction: the vendor
// registry, case participants, statements, threads and the publication date.
// Methods return NotFound for a missing row and Conflict on a duplicate.
#pragma once

#include <optional>
#include <vector>

#include "domain/coordination.hpp"
#include "domain/registry.hpp"
#include "domain/result.hpp"

namespace cvdhub::store {

struct MessagePage {
  int limit = 50;
  std::int64_t before_id = 0;  // 0: the newest messages
};

class CoordinationTx {
 public:
  virtual ~CoordinationTx() = default;

  // Registry.
  virtual Result<domain::Vendor> FindVendor(std::int64_t id) = 0;
  virtual Status UpdateVendor(const domain::Vendor& v) = 0;
  // The registration invitation of an unregistered developer (G2-3): only its hash is stored.
  virtual Status SetInviteToken(std::int64_t vendor_id, const std::string& token_hash) = 0;
  virtual Result<domain::Vendor> FindVendorByInvite(const std::string& token_hash) = 0;
  virtual Result<std::int64_t> InsertContact(const domain::VendorContact& c) = 0;
  virtual Status UpdateContact(const domain::VendorContact& c) = 0;
  virtual Status DeleteContact(std::int64_t vendor_id, std::int64_t contact_id) = 0;
  virtual Result<std::vector<domain::VendorContact>> ListContacts(std::int64_t vendor_id) = 0;
  virtual Result<std::int64_t> InsertProduct(const domain::VendorProduct& p) = 0;
  virtual Status DeleteProduct(std::int64_t vendor_id, std::int64_t product_id) = 0;
  virtual Result<std::vector<domain::VendorProduct>> ListProducts(std::int64_t vendor_id) = 0;
  virtual Status SetKeywords(std::int64_t vendor_id, const std::vector<std::string>& keywords) = 0;
  virtual Result<std::vector<std::string>> ListKeywords(std::int64_t vendor_id) = 0;
  // Every vendor with contacts, products and keywords (for matching and the public list).
  virtual Result<std::vector<domain::VendorProfile>> ListProfiles() = 0;
  virtual Status AddVendorMember(std::int64_t vendor_id, domain::UserId user_id) = 0;
  virtual Result<std::vector<std::int64_t>> VendorsOfUser(domain::UserId user_id) = 0;
  virtual Result<std::vector<domain::UserId>> MembersOfVendor(std::int64_t vendor_id) = 0;

  // The case-level record.
  virtual Result<domain::CaseCoordination> FindCoordination(domain::CaseId case_id) = 0;
  // Writes every field and bumps the version.
  virtual Status UpdateCoordination(const domain::CaseCoordination& c) = 0;
  virtual Status BumpCaseVersion(domain::CaseId case_id) = 0;
  virtual Status UpdateCaseStatus(domain::CaseId case_id, const std::string& status) = 0;

  // Vendors in a case.
  virtual Result<std::int64_t> InsertCaseVendor(const domain::CaseVendor& v) = 0;
  virtual Status UpdateCaseVendor(const domain::CaseVendor& v) = 0;
  virtual Result<domain::CaseVendor> FindCaseVendor(domain::CaseId case_id, std::int64_t vendor_id) = 0;
  virtual Result<std::vector<domain::CaseVendor>> ListCaseVendors(domain::CaseId case_id) = 0;
  // The cases a vendor was notified of (overview or details sent), newest first.
  virtual Result<std::vector<domain::CaseId>> CasesOfVendor(std::int64_t vendor_id) = 0;

  // Oldest first; of one vendor of the case, or of every vendor when `vendor_id` is empty.
  virtual Status AppendStatusHistory(const domain::StatusHistoryEntry& e) = 0;
  virtual Result<std::vector<domain::StatusHistoryEntry>> ListStatusHistory(
      domain::CaseId case_id, std::optional<std::int64_t> vendor_id) = 0;
  virtual Result<std::int64_t> InsertInvestigation(const domain::InvestigationReport& r) = 0;
  virtual Result<std::vector<domain::InvestigationReport>> ListInvestigations(
      domain::CaseId case_id, std::optional<std::int64_t> vendor_id) = 0;

  // Threads: newest page first in the result's reverse; returned oldest first.
  virtual Result<std::int64_t> InsertCaseMessage(const domain::CaseMessage& m) = 0;
  virtual Result<std::vector<domain::CaseMessage>> ListCaseMessages(domain::CaseId case_id, domain::ThreadKind thread,
                                                                    std::int64_t party_id, const MessagePage& page) = 0;
  // Message counts per (thread, party) of a case.
  virtual Result<std::vector<std::tuple<domain::ThreadKind, std::int64_t, std::int64_t>>> CountCaseMessages(
      domain::CaseId case_id) = 0;

  virtual Result<std::int64_t> InsertProposal(const domain::VendorProposal& p) = 0;
  virtual Status UpdateProposal(const domain::VendorProposal& p) = 0;
  virtual Result<std::vector<domain::VendorProposal>> ListProposals(domain::CaseId case_id) = 0;

  virtual Result<std::int64_t> InsertPrerelease(const domain::Prerelease& p) = 0;
  virtual Status UpdatePrerelease(const domain::Prerelease& p) = 0;
  virtual Result<std::vector<domain::Prerelease>> ListPrereleases(domain::CaseId case_id) = 0;

  virtual Result<std::int64_t> InsertPartner(const domain::CasePartner& p) = 0;
  virtual Status UpdatePartner(const domain::CasePartner& p) = 0;
  virtual Result<std::vector<domain::CasePartner>> ListPartners(domain::CaseId case_id) = 0;
  virtual Result<domain::CasePartner> FindPartnerByUser(domain::UserId user_id) = 0;
};

}  // namespace cvdhub::store
