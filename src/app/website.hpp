// The website track's use cases (PROCESS.md §6): the receiving organisation
// records the operator's contact and where it came from, notifies the
// operator (starting the ~3-month clock), admits the operator's account to the
// case, reminds and escalates; the operator — or the analyst on its behalf,
// from mail or a phone call — reports the verification, the fix and its
// choice about publication; the finder is told after the fix.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/context.hpp"
#include "app/policy.hpp"
#include "domain/website.hpp"

namespace cvdhub::app {

// A row of the website-case list.
struct WebsiteRow {
  domain::WebsiteCase w;
  domain::WebsiteStage stage = domain::WebsiteStage::kContactPending;
  domain::WebsiteClock clock;
};

// One website case as its reader may see it.
struct WebsiteCaseView {
  domain::WebsiteCase w;
  domain::WebsiteStage stage = domain::WebsiteStage::kContactPending;
  domain::WebsiteClock clock;
  std::vector<domain::WebsiteMessage> messages;
  bool staff = false;                        // the receiving organisation's view; else the operator's
  // Staff only (empty for the operator):
  std::string intake_number;
  std::vector<domain::Event> history;
  std::vector<std::string> operator_accounts;  // e-mail addresses of the admitted operator accounts
};

// What inviting the operator did: admitted an existing operator account at
// once, or made an invitation (the token is shown once and mailed).
struct OperatorInvitation {
  bool admitted = false;
  std::string token;
  std::string link;  // the invitation's path, with the public URL in front when one is configured
};

// A website case the operator chose to announce, once fixed (B *12).
struct WebsiteNotice {
  std::string site_name;
  std::string site_url;
  std::string announcement_url;
  std::string summary;
  std::chrono::sys_days fixed_on{};
};

// The finder's non-disclosure on a website report (B: from report to the fix).
struct FinderNonDisclosure {
  std::string identifier;
  domain::NonDisclosure period;
  bool closed_without_fix = false;  // handling ended before any fix was reported
};

class Website {
 public:
  explicit Website(Context& ctx) : ctx_(ctx) {}

  // Staff: every website case, most urgent first (overdue, due soon, running by
  // days left, not yet notified, fixed, closed). An operator: its own cases.
  Result<std::vector<WebsiteRow>> List(const Actor& actor);
  // The case page. Audited.
  Result<WebsiteCaseView> View(const Actor& actor, domain::CaseId id);

  // Staff actions (WebsiteAction::kManage).
  Status SetContact(const Actor& actor, domain::CaseId id, const domain::OperatorContact& contact,
                    const std::string& site_name);
  // Notifies the operator: by mail (queued, bilingual, confidential) or recorded
  // as made by post or phone. `details` is what the operator is told; when
  // empty, the report's title, reproduction and impact (never the finder's identity).
  Status Notify(const Actor& actor, domain::CaseId id, domain::NotifyChannel channel, const std::string& details);
  Result<OperatorInvitation> InviteOperator(const Actor& actor, domain::CaseId id);
  Status Remind(const Actor& actor, domain::CaseId id);
  Status ExtendDue(const Actor& actor, domain::CaseId id, std::chrono::sys_days due, const std::string& reason);
  Status Close(const Actor& actor, domain::CaseId id, const std::string& reason);

  // The operator's answers (WebsiteAction::kOperatorAnswer): its own account,
  // or staff recording them on its behalf.
  Status ReportVerification(const Actor& actor, domain::CaseId id, domain::Verification result,
                            const std::string& note);
  // Records the fix and tells the finder (thread and mail, in the finder's language).
  Status ReportFix(const Actor& actor, domain::CaseId id, const std::string& note);
  Status ChoosePublication(const Actor& actor, domain::CaseId id, domain::PublicationChoice choice,
                           const std::string& url, const std::string& summary);
  // A message in the thread. Staff messages are mailed to the operator, unless
  // `on_behalf` (staff recording what the operator said by mail or phone).
  Result<domain::WebsiteMessage> Post(const Actor& actor, domain::CaseId id, const std::string& body,
                                      bool on_behalf);

  // An invited operator sets up its account (the address is the one invited)
  // and is admitted to the case. NotFound for an unknown or used invitation.
  Result<domain::User> AcceptInvite(const std::string& token, const std::string& display_name,
                                    const std::string& password, domain::Language language);
  // Whether `token` names an open invitation (for the form), and the site it is for.
  Result<std::string> InvitationSite(const std::string& token);

  // For the report page: the finder's non-disclosure on a website report the
  // actor may read; nullopt for other reports. The same errors as viewing the report.
  Result<std::optional<FinderNonDisclosure>> NonDisclosureOf(const Actor& actor, domain::ReportId report_id);

  // Public: the announcements operators chose to make, after the fix. Nothing else.
  Result<std::vector<WebsiteNotice>> PublicNotices();

  const domain::WebsiteClockSettings& settings() const { return ctx_.config.website; }

 private:
  struct Loaded;
  Result<Loaded> Load(store::Tx& tx, const Actor& actor, domain::CaseId id, WebsiteAction action);
  // Saves `w` with its stage's case status and appends one history event.
  Status Save(store::Tx& tx, const Actor& actor, domain::WebsiteCase& w, std::string action, std::string field,
              std::string from, std::string to);
  Status MailOperator(store::Tx& tx, const domain::WebsiteCase& w, const std::string& kind,
                      const std::string& subject_key, const std::string& body, bool confidential);
  Status ThreadNote(store::Tx& tx, const Actor& actor, const domain::WebsiteCase& w, std::string body,
                    bool on_behalf);
  // Tells the finder `key` (with {intake_number}, {identifier} and one more
  // argument) in its report's thread and by mail, in its language.
  Status TellFinder(store::Tx& tx, const Actor& actor, const domain::WebsiteCase& w, const std::string& key,
                    std::string_view arg_name, std::string_view arg_value);

  Context& ctx_;
};

}  // namespace cvdhub::app
