#include "domain/website.hpp"

#include <gtest/gtest.h>

#include "domain/calendar.hpp"

namespace cvdhub::domain {
namespace {

using namespace std::chrono;

sys_days D(int y, unsigned m, unsigned d) { return sys_days{year{y} / month{m} / day{d}}; }
// A moment given in JST.
Timestamp Jst(int y, unsigned m, unsigned d, int h = 10) {
  return time_point_cast<seconds>(D(y, m, d) + hours(h) - hours(9));
}

WebsiteCase Notified(Timestamp at) {
  WebsiteCase w;
  w.contact = {.name = "Example Shop", .email = "security@shop.example.jp", .source = ContactSource::kPublished,
               .source_note = "https://shop.example.jp/contact"};
  w.notified_at = at;
  return w;
}

TEST(WebsiteClock, AddMonthsClampsToTheEndOfShorterMonths) {
  const struct {
    sys_days from;
    int months;
    sys_days want;
  } cases[] = {
      {D(2026, 4, 15), 3, D(2026, 7, 15)},
      {D(2026, 11, 30), 3, D(2027, 2, 28)},
      {D(2027, 11, 30), 3, D(2028, 2, 29)},  // leap year
      {D(2026, 10, 31), 3, D(2027, 1, 31)},
      {D(2026, 12, 31), 2, D(2027, 2, 28)},
      {D(2026, 1, 31), 1, D(2026, 2, 28)},
      {D(2026, 5, 31), 0, D(2026, 5, 31)},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(AddMonths(c.from, c.months), c.want) << FormatDate(c.from) << " + " << c.months;
  }
}

TEST(WebsiteClock, TheDueDateCountsFromTheJstDateOfTheNotification) {
  // 2026-06-30 23:30 JST is 14:30 UTC the same day; 2026-06-30 08:00 JST is 23:00 UTC the day before.
  EXPECT_EQ(FixDueDate(Jst(2026, 6, 30, 23), {}), D(2026, 9, 30));
  EXPECT_EQ(FixDueDate(Jst(2026, 7, 1, 8), {}), D(2026, 10, 1));
  EXPECT_EQ(FixDueDate(Jst(2026, 7, 1, 8), {.fix_months = 2}), D(2026, 9, 1));
}

TEST(WebsiteClock, RunsThenDueSoonThenOverdueAndStopsAtTheFix) {
  WebsiteCase w;
  EXPECT_EQ(ComputeWebsiteClock(w, D(2026, 5, 1), {}).state, ClockState::kNotStarted);
  w = Notified(Jst(2026, 4, 1));  // due 2026-07-01
  const WebsiteClockSettings s{};
  auto c = ComputeWebsiteClock(w, D(2026, 4, 1), s);
  EXPECT_EQ(c.state, ClockState::kRunning);
  EXPECT_EQ(c.due, D(2026, 7, 1));
  EXPECT_EQ(c.days_left, 91);
  EXPECT_EQ(ComputeWebsiteClock(w, D(2026, 6, 16), s).state, ClockState::kRunning);
  EXPECT_EQ(ComputeWebsiteClock(w, D(2026, 6, 17), s).state, ClockState::kDueSoon);  // 14 days left
  c = ComputeWebsiteClock(w, D(2026, 7, 1), s);
  EXPECT_EQ(c.state, ClockState::kDueSoon) << "the due date itself is still in time";
  EXPECT_EQ(c.days_left, 0);
  c = ComputeWebsiteClock(w, D(2026, 7, 2), s);
  EXPECT_EQ(c.state, ClockState::kOverdue);
  EXPECT_EQ(c.days_left, -1);
  w.fixed_at = Jst(2026, 7, 10);
  c = ComputeWebsiteClock(w, D(2026, 8, 1), s);
  EXPECT_EQ(c.state, ClockState::kStopped);
}

TEST(WebsiteClock, AnExtendedDueDateReplacesTheComputedOne) {
  WebsiteCase w = Notified(Jst(2026, 4, 1));
  w.fix_due = D(2026, 8, 31);
  const auto c = ComputeWebsiteClock(w, D(2026, 7, 15), {});
  EXPECT_EQ(c.state, ClockState::kRunning);
  EXPECT_EQ(c.due, D(2026, 8, 31));
  EXPECT_EQ(c.days_left, 47);
}

TEST(WebsiteClock, ConfigurableReminderWindow) {
  WebsiteCase w = Notified(Jst(2026, 4, 1));
  EXPECT_EQ(ComputeWebsiteClock(w, D(2026, 6, 1), {.reminder_before = days(29)}).state, ClockState::kRunning);
  EXPECT_EQ(ComputeWebsiteClock(w, D(2026, 6, 1), {.reminder_before = days(30)}).state, ClockState::kDueSoon);
}

TEST(WebsiteStage, FollowsTheRecord) {
  WebsiteCase w;
  EXPECT_EQ(StageOf(w), WebsiteStage::kContactPending);
  EXPECT_EQ(CaseStatusFor(StageOf(w)), "website_track");
  w.contact.source = ContactSource::kFound;
  EXPECT_EQ(StageOf(w), WebsiteStage::kContactKnown);
  w.notified_at = Jst(2026, 4, 1);
  EXPECT_EQ(StageOf(w), WebsiteStage::kNotified);
  w.verified_at = Jst(2026, 4, 5);
  EXPECT_EQ(StageOf(w), WebsiteStage::kVerified);
  w.fixed_at = Jst(2026, 5, 5);
  EXPECT_EQ(StageOf(w), WebsiteStage::kFixed);
  w.closed_at = Jst(2026, 5, 6);
  EXPECT_EQ(StageOf(w), WebsiteStage::kClosed);
  EXPECT_EQ(CaseStatusFor(StageOf(w)), "website_closed");
}

TEST(WebsiteNonDisclosure, RunsUntilTheFix) {
  WebsiteCase w = Notified(Jst(2026, 4, 1));
  EXPECT_TRUE(FinderNonDisclosure(w).running);
  w.closed_at = Jst(2026, 4, 2);  // closed without a fix: still not the finder's to disclose
  EXPECT_TRUE(FinderNonDisclosure(w).running);
  w.fixed_at = Jst(2026, 5, 5, 23);
  const auto nd = FinderNonDisclosure(w);
  EXPECT_FALSE(nd.running);
  EXPECT_EQ(nd.ended_on, D(2026, 5, 5));
}

TEST(WebsiteContact, RecordsWhereItCameFrom) {
  OperatorContact c{.name = "Example Shop", .email = "security@shop.example.jp",
                    .source = ContactSource::kPublished, .source_note = "https://shop.example.jp/contact"};
  EXPECT_TRUE(ValidateOperatorContact(c).ok());
  const struct {
    const char* what;
    void (*change)(OperatorContact&);
    const char* field;
  } bad[] = {
      {"no source", [](OperatorContact& x) { x.source = ContactSource::kNone; }, "source"},
      {"published without the page", [](OperatorContact& x) { x.source_note = " "; }, "source_note"},
      {"found without saying how",
       [](OperatorContact& x) {
         x.source = ContactSource::kFound;
         x.source_note.clear();
       },
       "source_note"},
      {"no name", [](OperatorContact& x) { x.name.clear(); }, "name"},
      {"no way to reach", [](OperatorContact& x) { x.email.clear(); }, "email"},
      {"bad address", [](OperatorContact& x) { x.email = "not an address"; }, "email"},
      {"header injection", [](OperatorContact& x) { x.name = "Shop\r\nBcc: x@evil.example"; }, "name"},
      {"bad UTF-8", [](OperatorContact& x) { x.phone = "\xff"; }, "phone"},
  };
  for (const auto& b : bad) {
    OperatorContact x = c;
    b.change(x);
    const Status st = ValidateOperatorContact(x);
    ASSERT_FALSE(st.ok()) << b.what;
    EXPECT_EQ(st.error().code, ErrorCode::kInvalidInput) << b.what;
    EXPECT_EQ(st.error().field, b.field) << b.what;
  }
  c.email.clear();
  c.phone = "+81-3-0000-0000";
  EXPECT_TRUE(ValidateOperatorContact(c).ok()) << "a phone number alone is a way to reach the operator";
}

TEST(WebsitePublication, NothingIsPublicUnlessTheOperatorChoosesAfterTheFix) {
  EXPECT_TRUE(ValidatePublicationChoice(PublicationChoice::kNotPublish, "", "").ok());
  EXPECT_TRUE(ValidatePublicationChoice(PublicationChoice::kPublish, "https://shop.example.jp/news/1", "We fixed it.").ok());
  EXPECT_EQ(ValidatePublicationChoice(PublicationChoice::kPublish, "", "").error().field, "url");
  EXPECT_EQ(ValidatePublicationChoice(PublicationChoice::kPublish, "javascript:alert(1)", "").error().field, "url");
  EXPECT_EQ(ValidatePublicationChoice(PublicationChoice::kUndecided, "", "").error().field, "choice");
  EXPECT_FALSE(ValidatePublicationChoice(PublicationChoice::kNotPublish, "https://x.example/", "").ok());

  WebsiteCase w = Notified(Jst(2026, 4, 1));
  EXPECT_FALSE(IsPubliclyAnnounced(w));
  w.publication = PublicationChoice::kPublish;
  EXPECT_FALSE(IsPubliclyAnnounced(w)) << "not before the fix";
  w.fixed_at = Jst(2026, 5, 1);
  EXPECT_TRUE(IsPubliclyAnnounced(w));
  w.publication = PublicationChoice::kNotPublish;
  EXPECT_FALSE(IsPubliclyAnnounced(w));
}

TEST(WebsiteSteps, EachStepInItsTurn) {
  WebsiteCase w;
  EXPECT_EQ(CheckCanNotify(w, NotifyChannel::kMail).error().code, ErrorCode::kConflict) << "no contact yet";
  w.contact = {.name = "Shop", .phone = "+81-3-0000-0000", .source = ContactSource::kFound, .source_note = "WHOIS"};
  EXPECT_EQ(CheckCanNotify(w, NotifyChannel::kMail).error().code, ErrorCode::kConflict) << "no address to mail";
  EXPECT_TRUE(CheckCanNotify(w, NotifyChannel::kPhone).ok());
  EXPECT_EQ(CheckCanReportVerification(w).error().code, ErrorCode::kConflict);
  EXPECT_EQ(CheckCanReportFix(w).error().code, ErrorCode::kConflict);
  w.notified_at = Jst(2026, 4, 1);
  EXPECT_EQ(CheckCanNotify(w, NotifyChannel::kPhone).error().code, ErrorCode::kConflict) << "only once";
  EXPECT_TRUE(CheckCanReportVerification(w).ok());
  EXPECT_TRUE(CheckCanReportFix(w).ok());
  EXPECT_EQ(CheckCanRemind(w).error().code, ErrorCode::kConflict) << "reminders go by mail";
  EXPECT_EQ(CheckCanExtend(w, D(2026, 3, 1)).error().code, ErrorCode::kInvalidInput);
  EXPECT_TRUE(CheckCanExtend(w, D(2026, 9, 1)).ok());
  w.fixed_at = Jst(2026, 5, 1);
  EXPECT_EQ(CheckCanReportFix(w).error().code, ErrorCode::kConflict) << "only once";
  EXPECT_TRUE(CheckCanChoosePublication(w).ok());
  EXPECT_TRUE(CheckCanClose(w).ok());
  w.closed_at = Jst(2026, 5, 2);
  EXPECT_EQ(CheckCanClose(w).error().code, ErrorCode::kConflict);
  EXPECT_EQ(CheckCanEditContact(w).error().code, ErrorCode::kConflict);
}

TEST(WebsiteNames, RoundTrip) {
  for (auto s : {ContactSource::kNone, ContactSource::kPublished, ContactSource::kFound}) {
    EXPECT_EQ(ParseContactSource(ContactSourceName(s)), s);
  }
  for (auto c : {NotifyChannel::kMail, NotifyChannel::kPost, NotifyChannel::kPhone, NotifyChannel::kOther}) {
    EXPECT_EQ(ParseNotifyChannel(NotifyChannelName(c)), c);
  }
  for (auto v : {Verification::kNone, Verification::kConfirmed, Verification::kNotReproduced}) {
    EXPECT_EQ(ParseVerification(VerificationName(v)), v);
  }
  for (auto p : {PublicationChoice::kUndecided, PublicationChoice::kNotPublish, PublicationChoice::kPublish}) {
    EXPECT_EQ(ParsePublicationChoice(PublicationChoiceName(p)), p);
  }
  EXPECT_FALSE(ParseNotifyChannel("fax").has_value());
}

}  // namespace
}  // namespace cvdhub::domain
