#include "domain/vultron.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#ifndef CVDHUB_SOURCE_DIR
#define CVDHUB_SOURCE_DIR "/work/main"
#endif

namespace cvdhub::domain {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string DataFile(std::string_view name) {
  std::string text = ReadFile(CVDHUB_SOURCE_DIR "/data/" + std::string(name));
  EXPECT_FALSE(text.empty()) << "cannot read " << name << " under " CVDHUB_SOURCE_DIR "/data";
  return text;
}

std::string RmCsv() {
  return DataFile("vultron_rm_transitions.csv");
}
std::string EmCsv() {
  return DataFile("vultron_em_transitions.csv");
}
std::string CsCsv() {
  return DataFile("vultron_cs_transitions_vfdpxa.csv");
}

const VultronRules& Rules() {
  static const VultronRules rules = [] {
    Result<VultronRules> parsed = VultronRules::Parse(RmCsv(), EmCsv(), CsCsv());
    if (!parsed.ok()) {
      ADD_FAILURE() << parsed.error().message;
      std::abort();
    }
    return std::move(parsed).value();
  }();
  return rules;
}

CaseState Cs(std::string_view text) {
  Result<CaseState> cs = CaseState::Parse(text);
  EXPECT_TRUE(cs.ok()) << text;
  return cs.ok() ? cs.value() : CaseState{};
}

// The paths the build embeds are the files this test reads.
TEST(VultronTablesTest, PathsNameTheDataFiles) {
  EXPECT_EQ(kVultronRmTransitionsPath, "data/vultron_rm_transitions.csv");
  EXPECT_EQ(kVultronEmTransitionsPath, "data/vultron_em_transitions.csv");
  EXPECT_EQ(kVultronCsTransitionsPath, "data/vultron_cs_transitions_vfdpxa.csv");
}

TEST(VultronTablesTest, ParsesTheRealTables) {
  EXPECT_EQ(Rules().RmTransitions().size(), 11u);
  EXPECT_EQ(Rules().EmTransitions().size(), 10u);
  EXPECT_EQ(Rules().CsTransitions().size(), 58u);
  EXPECT_EQ(Rules().CsStates().size(), 32u);
}

TEST(VultronTablesTest, ReadsTriggerNotesAndMessageCodes) {
  const RmTransition& receive = Rules().RmTransitions().front();
  EXPECT_EQ(receive.source, RmState::kStart);
  EXPECT_EQ(receive.trigger, "receive");
  EXPECT_EQ(receive.target, RmState::kReceived);
  EXPECT_EQ(receive.message, "RS");
  EXPECT_EQ(receive.note, "on RS received; recipient replies RK; vendor also CV");
  EXPECT_EQ(Rules().RmTransitions()[1].message, "RV");
}

TEST(VultronTablesTest, ReadsEmbargoGuards) {
  const std::vector<EmTransition>& em = Rules().EmTransitions();
  // NONE,propose: "case state ...pxa (...); RM not CLOSED"
  EXPECT_EQ(em[0].guard.cs_pattern, "...pxa");
  EXPECT_EQ(em[0].guard.rm_not, std::vector<RmState>{RmState::kClosed});
  // PROPOSED,reject: "any CS; also forced when P/X/A becomes true"
  EXPECT_EQ(em[2].trigger, "reject");
  EXPECT_EQ(em[2].guard.cs_pattern, "");
  EXPECT_TRUE(em[2].guard.rm_not.empty());
  // ACTIVE,terminate: "any CS; SHALL when P or X; SHOULD when A"
  EXPECT_EQ(em[8].trigger, "terminate");
  EXPECT_EQ(em[8].guard.cs_pattern, "");
  int guarded = 0;
  for (const EmTransition& t : em) guarded += t.guard.cs_pattern == "...pxa";
  EXPECT_EQ(guarded, 7);  // every propose, accept, and the REVISE reject
}

// The CS table is exactly what the order rules of "Vultron in brief" give:
// flags only turn on; F needs V, D needs F; once an exploit is public but the
// public is not aware only P may follow; once the public is aware but the
// vendor is not only V may follow.
TEST(VultronTablesTest, CsTableFollowsTheOrderRules) {
  std::set<std::tuple<std::string, char, std::string>> expected;
  for (int bits = 0; bits < 64; ++bits) {
    std::string letters = "vfdpxa";
    for (int i = 0; i < 6; ++i) {
      if (bits & (1 << i)) letters[i] = static_cast<char>(letters[i] - 'a' + 'A');
    }
    const CaseState from = Cs(letters);
    if ((from.fix_ready && !from.vendor_aware) || (from.fix_deployed && !from.fix_ready)) continue;
    for (const char e : std::string_view("VFDPXA")) {
      if (from.Has(e)) continue;
      if (e == 'F' && !from.vendor_aware) continue;
      if (e == 'D' && !from.fix_ready) continue;
      if (from.exploit_public && !from.public_aware && e != 'P') continue;
      if (from.public_aware && !from.vendor_aware && e != 'V') continue;
      std::string to = letters;
      const std::size_t i = std::string_view("VFDPXA").find(e);
      to[i] = e;
      expected.emplace(letters, e, to);
    }
  }
  std::set<std::tuple<std::string, char, std::string>> actual;
  for (const CsTransition& t : Rules().CsTransitions()) {
    actual.emplace(t.source.ToString(), t.event, t.target.ToString());
  }
  EXPECT_EQ(actual, expected);
  EXPECT_EQ(expected.size(), 58u);
}

TEST(VultronRmTest, AcceptsEveryRowByTriggerAndByMessageCode) {
  for (const RmTransition& t : Rules().RmTransitions()) {
    SCOPED_TRACE(std::string(RmStateName(t.source)) + " --" + t.trigger + "-->");
    Result<RmState> by_name = Rules().ApplyRm(t.source, t.trigger);
    ASSERT_TRUE(by_name.ok()) << by_name.error().message;
    EXPECT_EQ(*by_name, t.target);
    ASSERT_FALSE(t.message.empty());
    Result<RmState> by_code = Rules().ApplyRm(t.source, t.message);
    ASSERT_TRUE(by_code.ok()) << by_code.error().message;
    EXPECT_EQ(*by_code, t.target);
  }
  // The trigger column exactly as written.
  Result<RmState> as_written = Rules().ApplyRm(RmState::kStart, "receive (on RS received)");
  ASSERT_TRUE(as_written.ok());
  EXPECT_EQ(*as_written, RmState::kReceived);
}

TEST(VultronEmTest, AcceptsEveryRowByTriggerAndByMessageCode) {
  for (const EmTransition& t : Rules().EmTransitions()) {
    SCOPED_TRACE(std::string(EmStateName(t.source)) + " --" + t.trigger + "-->");
    Result<EmState> by_name = Rules().ApplyEm(t.source, t.trigger, Cs("vfdpxa"), RmState::kAccepted);
    ASSERT_TRUE(by_name.ok()) << by_name.error().message;
    EXPECT_EQ(*by_name, t.target);
    Result<EmState> by_code = Rules().ApplyEm(t.source, t.message, Cs("VFDpxa"));
    ASSERT_TRUE(by_code.ok()) << by_code.error().message;
    EXPECT_EQ(*by_code, t.target);
  }
}

TEST(VultronCsTest, AcceptsEveryRowByLetterAndByMessageCode) {
  for (const CsTransition& t : Rules().CsTransitions()) {
    SCOPED_TRACE(t.source.ToString() + " --" + t.event + "-->");
    Result<CaseState> by_letter = Rules().ApplyCs(t.source, t.event);
    ASSERT_TRUE(by_letter.ok()) << by_letter.error().message;
    EXPECT_EQ(*by_letter, t.target);
    Result<CaseState> by_code = Rules().ApplyCs(t.source, std::string_view(t.message));
    ASSERT_TRUE(by_code.ok()) << by_code.error().message;
    EXPECT_EQ(*by_code, t.target);
  }
}

struct IllegalCs {
  std::string_view from;
  char event;
  std::string_view message;
};

TEST(VultronCsTest, RefusesIllegalTransitions) {
  const IllegalCs kCases[] = {
      {"vfdpxa", 'F', "illegal case-state transition: vfdpxa --F--> ? (allowed from vfdpxa: V, P, X, A)"},
      {"Vfdpxa", 'D', "illegal case-state transition: Vfdpxa --D--> ? (allowed from Vfdpxa: F, P, X, A)"},
      {"VFDPxa", 'P',
       "illegal case-state transition: VFDPxa --P--> ? (P is already set and never turns back; "
       "allowed from VFDPxa: X, A)"},
      {"vfdpXa", 'A', "illegal case-state transition: vfdpXa --A--> ? (allowed from vfdpXa: P)"},
      {"vfdPxa", 'X', "illegal case-state transition: vfdPxa --X--> ? (allowed from vfdPxa: V)"},
      {"VFDPXA", 'A',
       "illegal case-state transition: VFDPXA --A--> ? (A is already set and never turns back; "
       "nothing is allowed from VFDPXA)"},
      {"vFdpxa", 'V',
       "illegal case-state transition: vFdpxa --V--> ? (vFdpxa is not a state of the "
       "case-state table)"},
  };
  for (const IllegalCs& c : kCases) {
    SCOPED_TRACE(std::string(c.from) + " --" + c.event + "-->");
    Result<CaseState> next = Rules().ApplyCs(Cs(c.from), c.event);
    ASSERT_FALSE(next.ok());
    EXPECT_EQ(next.error().code, ErrorCode::kConflict);
    EXPECT_EQ(next.error().message, c.message);
  }
}

TEST(VultronCsTest, RejectsUnknownEvents) {
  for (const char event : std::string_view("Qvf\x01 C")) {
    Result<CaseState> next = Rules().ApplyCs(Cs("vfdpxa"), event);
    ASSERT_FALSE(next.ok()) << event;
    EXPECT_EQ(next.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(next.error().field, "event");
  }
  for (const std::string_view event : {"", "CQ", "CVX", "cv", "XV"}) {
    Result<CaseState> next = Rules().ApplyCs(Cs("vfdpxa"), event);
    ASSERT_FALSE(next.ok()) << event;
    EXPECT_EQ(next.error().code, ErrorCode::kInvalidInput);
  }
  Result<CaseState> bad = Rules().ApplyCs(Cs("vfdpxa"), '\x01');
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message, "unknown case-state event \"\\x01\" (expected one of V, F, D, P, X, A)");
}

struct IllegalEm {
  EmState from;
  std::string_view trigger;
  std::string_view cs;
  std::string_view message;
};

TEST(VultronEmTest, RefusesIllegalTransitions) {
  const IllegalEm kCases[] = {
      {EmState::kNone, "accept", "vfdpxa",
       "illegal embargo transition: NONE --accept--> ? (allowed from NONE: propose (EP) -> PROPOSED)"},
      {EmState::kNone, "terminate", "vfdpxa",
       "illegal embargo transition: NONE --terminate--> ? (allowed from NONE: propose (EP) -> PROPOSED)"},
      // EP is the initial proposal; a revision of an active embargo is EV.
      {EmState::kActive, "EP", "vfdpxa",
       "illegal embargo transition: ACTIVE --EP--> ? (allowed from ACTIVE: propose (EV) -> REVISE, "
       "terminate (ET) -> EXITED)"},
      {EmState::kExited, "propose", "vfdpxa",
       "illegal embargo transition: EXITED --propose--> ? (nothing is allowed from EXITED)"},
      {EmState::kProposed, "terminate", "vfdpxa",
       "illegal embargo transition: PROPOSED --terminate--> ? (allowed from PROPOSED: propose (EP) -> "
       "PROPOSED, reject (ER) -> NONE, accept (EA) -> ACTIVE)"},
      // Guards: nothing may be public, exploited or attacked.
      {EmState::kNone, "propose", "VfdPxa",
       "embargo transition refused: NONE --propose--> PROPOSED requires case state ...pxa, but the case "
       "is VfdPxa: the public is aware"},
      {EmState::kProposed, "accept", "vfdpXA",
       "embargo transition refused: PROPOSED --accept--> ACTIVE requires case state ...pxa, but the case "
       "is vfdpXA: an exploit is public; attacks have been observed"},
      {EmState::kActive, "propose", "VFdpxA",
       "embargo transition refused: ACTIVE --propose--> REVISE requires case state ...pxa, but the case "
       "is VFdpxA: attacks have been observed"},
      {EmState::kRevise, "EJ", "VFDPxa",
       "embargo transition refused: REVISE --reject--> ACTIVE requires case state ...pxa, but the case "
       "is VFDPxa: the public is aware"},
  };
  for (const IllegalEm& c : kCases) {
    SCOPED_TRACE(std::string(EmStateName(c.from)) + " --" + std::string(c.trigger) + "--> at " +
                 std::string(c.cs));
    Result<EmState> next = Rules().ApplyEm(c.from, c.trigger, Cs(c.cs));
    ASSERT_FALSE(next.ok());
    EXPECT_EQ(next.error().code, ErrorCode::kConflict);
    EXPECT_EQ(next.error().message, c.message);
  }
}

TEST(VultronEmTest, ProposalNeedsAnOpenReportWhenTheActorIsKnown) {
  Result<EmState> closed = Rules().ApplyEm(EmState::kNone, "propose", Cs("Vfdpxa"), RmState::kClosed);
  ASSERT_FALSE(closed.ok());
  EXPECT_EQ(closed.error().code, ErrorCode::kConflict);
  EXPECT_EQ(closed.error().message,
            "embargo transition refused: NONE --propose--> PROPOSED is not open to a participant whose "
            "report management state is CLOSED");
  EXPECT_TRUE(Rules().ApplyEm(EmState::kNone, "propose", Cs("Vfdpxa"), RmState::kAccepted).ok());
  EXPECT_TRUE(Rules().ApplyEm(EmState::kNone, "propose", Cs("Vfdpxa")).ok());
  // The RM guard is on the initial proposal only.
  EXPECT_TRUE(Rules().ApplyEm(EmState::kActive, "terminate", Cs("Vfdpxa"), RmState::kClosed).ok());
}

TEST(VultronEmTest, ExitAndRejectAreOpenWhateverTheCaseState) {
  for (const std::string_view cs : {"vfdpxa", "VFDPXA", "vfdpXa", "VfdpxA"}) {
    Result<EmState> exit_active = Rules().ApplyEm(EmState::kActive, "terminate", Cs(cs));
    ASSERT_TRUE(exit_active.ok()) << cs;
    EXPECT_EQ(*exit_active, EmState::kExited);
    Result<EmState> exit_revise = Rules().ApplyEm(EmState::kRevise, "ET", Cs(cs));
    ASSERT_TRUE(exit_revise.ok()) << cs;
    EXPECT_EQ(*exit_revise, EmState::kExited);
    Result<EmState> reject = Rules().ApplyEm(EmState::kProposed, "reject", Cs(cs));
    ASSERT_TRUE(reject.ok()) << cs;
    EXPECT_EQ(*reject, EmState::kNone);
  }
}

TEST(VultronEmTest, OnceItIsPublicTheOnlyWayOutIsToExit) {
  for (const std::string_view trigger : {"propose", "accept", "reject"}) {
    EXPECT_FALSE(Rules().ApplyEm(EmState::kRevise, trigger, Cs("VfdPxa")).ok()) << trigger;
  }
  EXPECT_FALSE(Rules().ApplyEm(EmState::kActive, "propose", Cs("VfdPxa")).ok());
}

TEST(VultronEmTest, ObligationsFollowTheGuardColumn) {
  const std::tuple<EmState, std::string_view, EmObligation> kCases[] = {
      {EmState::kNone, "VFDPXA", EmObligation::kNone},
      {EmState::kProposed, "Vfdpxa", EmObligation::kNone},
      {EmState::kProposed, "VfdpxA", EmObligation::kMustReject},
      {EmState::kProposed, "VfdPxa", EmObligation::kMustReject},
      {EmState::kActive, "VFDpxa", EmObligation::kNone},
      {EmState::kActive, "VfdPxa", EmObligation::kMustTerminate},
      {EmState::kActive, "vfdpXa", EmObligation::kMustTerminate},
      {EmState::kActive, "VfdpxA", EmObligation::kShouldTerminate},
      {EmState::kRevise, "VfdPxA", EmObligation::kMustTerminate},
      {EmState::kRevise, "VfdpxA", EmObligation::kShouldTerminate},
      {EmState::kExited, "VFDPXA", EmObligation::kNone},
  };
  for (const auto& [em, cs, obligation] : kCases) {
    EXPECT_EQ(EmObligationFor(em, Cs(cs)), obligation) << EmStateName(em) << " " << cs;
  }
}

TEST(VultronEmTest, RejectsUnknownTriggers) {
  Result<EmState> next = Rules().ApplyEm(EmState::kNone, "postpone", Cs("vfdpxa"));
  ASSERT_FALSE(next.ok());
  EXPECT_EQ(next.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(next.error().field, "trigger");
  EXPECT_EQ(next.error().message,
            "unknown embargo trigger \"postpone\" (known: propose, reject, accept, terminate, or a message "
            "code: EP, ER, EA, EV, EJ, EC, ET)");
}

struct IllegalRm {
  RmState from;
  std::string_view trigger;
  std::string_view message;
};

TEST(VultronRmTest, RefusesIllegalTransitions) {
  const IllegalRm kCases[] = {
      {RmState::kStart, "accept",
       "illegal report-management transition: START --accept--> ? (allowed from START: receive (RS) -> "
       "RECEIVED)"},
      {RmState::kReceived, "RA",
       "illegal report-management transition: RECEIVED --RA--> ? (allowed from RECEIVED: validate (RV) -> "
       "VALID, invalidate (RI) -> INVALID)"},
      {RmState::kValid, "close",
       "illegal report-management transition: VALID --close--> ? (allowed from VALID: accept (RA) -> "
       "ACCEPTED, defer (RD) -> DEFERRED)"},
      {RmState::kClosed, "validate",
       "illegal report-management transition: CLOSED --validate--> ? (nothing is allowed from CLOSED)"},
      {RmState::kAccepted, "receive",
       "illegal report-management transition: ACCEPTED --receive--> ? (allowed from ACCEPTED: defer (RD) "
       "-> DEFERRED, close (RC) -> CLOSED)"},
  };
  for (const IllegalRm& c : kCases) {
    SCOPED_TRACE(std::string(RmStateName(c.from)) + " --" + std::string(c.trigger) + "-->");
    Result<RmState> next = Rules().ApplyRm(c.from, c.trigger);
    ASSERT_FALSE(next.ok());
    EXPECT_EQ(next.error().code, ErrorCode::kConflict);
    EXPECT_EQ(next.error().message, c.message);
  }
}

TEST(VultronRmTest, RejectsUnknownTriggers) {
  for (const std::string_view trigger : {"", "Validate", "RK", "frobnicate"}) {
    Result<RmState> next = Rules().ApplyRm(RmState::kReceived, trigger);
    ASSERT_FALSE(next.ok()) << trigger;
    EXPECT_EQ(next.error().code, ErrorCode::kInvalidInput) << trigger;
    EXPECT_EQ(next.error().field, "trigger");
  }
  Result<RmState> next = Rules().ApplyRm(RmState::kReceived, "frobnicate");
  ASSERT_FALSE(next.ok());
  EXPECT_EQ(next.error().message,
            "unknown report-management trigger \"frobnicate\" (known: receive, validate, invalidate, close, "
            "accept, defer, or a message code: RS, RV, RI, RC, RA, RD)");
}

TEST(VultronStateNamesTest, TableAndWireNames) {
  EXPECT_EQ(RmStateName(RmState::kDeferred), "DEFERRED");
  EXPECT_EQ(RmStateWireName(RmState::kReceived), "REPORT_MANAGEMENT_RECEIVED");
  EXPECT_EQ(EmStateName(EmState::kRevise), "REVISE");
  EXPECT_EQ(EmStateWireName(EmState::kNone), "EMBARGO_MANAGEMENT_NONE");
  for (int i = 0; i <= static_cast<int>(RmState::kClosed); ++i) {
    const auto state = static_cast<RmState>(i);
    EXPECT_EQ(ParseRmState(RmStateName(state)), state);
    EXPECT_EQ(ParseRmState(RmStateWireName(state)), state);
  }
  for (int i = 0; i <= static_cast<int>(EmState::kExited); ++i) {
    const auto state = static_cast<EmState>(i);
    EXPECT_EQ(ParseEmState(EmStateName(state)), state);
    EXPECT_EQ(ParseEmState(EmStateWireName(state)), state);
  }
  EXPECT_EQ(ParseRmState("received"), std::nullopt);
  EXPECT_EQ(ParseRmState("REPORT_MANAGEMENT_"), std::nullopt);
  EXPECT_EQ(ParseEmState("EMBARGO_MANAGEMENT_START"), std::nullopt);
}

TEST(VultronStateNamesTest, Roles) {
  EXPECT_EQ(CvdRoleName(CvdRole::kVendor), "VENDOR");
  EXPECT_EQ(CvdRoleName(CvdRole::kCaseOwner), "CASE_OWNER");
  EXPECT_EQ(ParseCvdRole("vendor"), CvdRole::kVendor);
  EXPECT_EQ(ParseCvdRole("COORDINATOR"), CvdRole::kCoordinator);
  EXPECT_EQ(ParseCvdRole("case_owner"), CvdRole::kCaseOwner);
  EXPECT_EQ(ParseCvdRole("publisher"), std::nullopt);
}

TEST(VultronCaseStateTest, RoundTripsAllSixtyFourCombinations) {
  for (int bits = 0; bits < 64; ++bits) {
    CaseState cs{(bits & 1) != 0, (bits & 2) != 0,  (bits & 4) != 0,
                 (bits & 8) != 0, (bits & 16) != 0, (bits & 32) != 0};
    Result<CaseState> parsed = CaseState::Parse(cs.ToString());
    ASSERT_TRUE(parsed.ok()) << cs.ToString();
    EXPECT_EQ(*parsed, cs);
    EXPECT_EQ(CombineCaseState(cs.ToVendorLetters(), cs.ToPublicLetters()), cs);
    EXPECT_EQ(cs.ToVendorLetters().ToString() + cs.ToPublicLetters().ToString(), cs.ToString());
  }
  const CaseState cs = Cs("VFdPxa");
  EXPECT_TRUE(cs.vendor_aware && cs.fix_ready && !cs.fix_deployed);
  EXPECT_TRUE(cs.public_aware && !cs.exploit_public && !cs.attacks_observed);
  EXPECT_TRUE(cs.Has('F'));
  EXPECT_TRUE(cs.Has('f'));
  EXPECT_FALSE(cs.Has('D'));
  EXPECT_FALSE(cs.Has('Q'));
  EXPECT_FALSE(cs.NothingPublic());
  EXPECT_TRUE(Cs("VFDpxa").NothingPublic());
}

TEST(VultronCaseStateTest, ParseNamesWhatIsWrong) {
  Result<CaseState> short_text = CaseState::Parse("vfdpx");
  ASSERT_FALSE(short_text.ok());
  EXPECT_EQ(short_text.error().field, "case_state");
  EXPECT_EQ(short_text.error().message,
            "a case state is six letters in the order vfdpxa (upper case for what has happened), e.g. "
            "VFdpxa; got \"vfdpx\"");
  Result<CaseState> wrong_order = CaseState::Parse("fvdpxa");
  ASSERT_FALSE(wrong_order.ok());
  EXPECT_EQ(wrong_order.error().message, "letter 1 of \"fvdpxa\" must be v or V (the order is vfdpxa)");
  EXPECT_FALSE(CaseState::Parse("VFDPXAA").ok());
  EXPECT_FALSE(CaseState::Parse("...pxa").ok());
}

MultiVendorCaseState TwoVendors() {
  MultiVendorCaseState state;
  state.vendors["vendor-a"] = VendorLetters{true, false, false};
  state.vendors["vendor-b"] = VendorLetters{};
  return state;
}

TEST(VultronMultiVendorTest, VendorEventsMoveOneVendor) {
  Result<MultiVendorCaseState> fixed = Rules().ApplyCaseEvent(TwoVendors(), 'F', "vendor-a");
  ASSERT_TRUE(fixed.ok()) << fixed.error().message;
  EXPECT_EQ(fixed->vendors.at("vendor-a").ToString(), "VFd");
  EXPECT_EQ(fixed->vendors.at("vendor-b").ToString(), "vfd");
  Result<CaseState> a = fixed->ForVendor("vendor-a");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->ToString(), "VFdpxa");

  Result<MultiVendorCaseState> b_fix = Rules().ApplyCaseEvent(*fixed, 'F', "vendor-b");
  ASSERT_FALSE(b_fix.ok());
  EXPECT_EQ(b_fix.error().code, ErrorCode::kConflict);
  EXPECT_EQ(b_fix.error().message,
            "vendor \"vendor-b\": illegal case-state transition: vfdpxa --F--> ? (allowed from vfdpxa: V, P, "
            "X, A)");
}

TEST(VultronMultiVendorTest, PublicEventsMustSuitEveryVendor) {
  Result<MultiVendorCaseState> published = Rules().ApplyCaseEvent(TwoVendors(), 'P');
  ASSERT_TRUE(published.ok()) << published.error().message;
  EXPECT_EQ(published->public_letters.ToString(), "Pxa");
  EXPECT_EQ(published->ForVendor("vendor-a")->ToString(), "VfdPxa");
  EXPECT_EQ(published->ForVendor("vendor-b")->ToString(), "vfdPxa");

  // vendor-b is vfdPxa: only its V may follow.
  Result<MultiVendorCaseState> exploit = Rules().ApplyCaseEvent(*published, 'X');
  ASSERT_FALSE(exploit.ok());
  EXPECT_EQ(exploit.error().code, ErrorCode::kConflict);
  EXPECT_EQ(exploit.error().message,
            "vendor \"vendor-b\": illegal case-state transition: vfdPxa --X--> ? (allowed from vfdPxa: V)");

  Result<MultiVendorCaseState> aware = Rules().ApplyCaseEvent(*published, 'V', "vendor-b");
  ASSERT_TRUE(aware.ok()) << aware.error().message;
  Result<MultiVendorCaseState> exploit_now = Rules().ApplyCaseEvent(*aware, 'X');
  ASSERT_TRUE(exploit_now.ok()) << exploit_now.error().message;
  EXPECT_EQ(exploit_now->public_letters.ToString(), "PXa");
  EXPECT_EQ(exploit_now->ForVendor("vendor-b")->ToString(), "VfdPXa");
}

TEST(VultronMultiVendorTest, NamesTheVendorOnlyForVendorEvents) {
  Result<MultiVendorCaseState> unnamed = Rules().ApplyCaseEvent(TwoVendors(), 'V');
  ASSERT_FALSE(unnamed.ok());
  EXPECT_EQ(unnamed.error().field, "vendor");
  Result<MultiVendorCaseState> unknown = Rules().ApplyCaseEvent(TwoVendors(), 'V', "vendor-c");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(unknown.error().message, "\"vendor-c\" is not a vendor participant of this case");
  Result<MultiVendorCaseState> named = Rules().ApplyCaseEvent(TwoVendors(), 'P', "vendor-a");
  ASSERT_FALSE(named.ok());
  EXPECT_EQ(named.error().field, "vendor");
  Result<MultiVendorCaseState> bad = Rules().ApplyCaseEvent(TwoVendors(), 'Z');
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "event");
  Result<CaseState> missing = TwoVendors().ForVendor("vendor-c");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST(VultronMultiVendorTest, WithoutVendorsOnlyThePublicRulesApply) {
  MultiVendorCaseState none;
  Result<MultiVendorCaseState> exploit = Rules().ApplyCaseEvent(none, 'X');
  ASSERT_TRUE(exploit.ok());
  EXPECT_EQ(exploit->public_letters.ToString(), "pXa");
  Result<MultiVendorCaseState> attacks = Rules().ApplyCaseEvent(*exploit, 'A');
  ASSERT_FALSE(attacks.ok());
  EXPECT_EQ(attacks.error().message,
            "illegal case-state transition: ...pXa --A--> ? (allowed from ...pXa: P)");
  Result<MultiVendorCaseState> published = Rules().ApplyCaseEvent(*exploit, 'P');
  ASSERT_TRUE(published.ok());
  EXPECT_EQ(published->public_letters.ToString(), "PXa");
}

// ---------------------------------------------------------------------------
// Parse errors name the table and the line.

struct BadTables {
  std::string_view what;
  std::string rm;
  std::string em;
  std::string cs;
  std::string_view field;
  std::string_view message;
};

TEST(VultronTablesTest, ParseErrorsNameTheLine) {
  const std::string rm = RmCsv();
  const std::string em = EmCsv();
  const std::string cs = CsCsv();
  const std::string rm_header = "source,trigger,target,sender_message\n";
  const std::string em_header = "source,trigger,target,sender_message,guard\n";
  const std::string cs_header = "source,event,target,message\n";
  const BadTables kCases[] = {
      {"empty rm", "", em, cs, "rm_csv",
       "rm_transitions.csv line 1: the table is empty; expected the header "
       "\"source,trigger,target,sender_message\""},
      {"garbage rm", "\x01\x02 garbage\nmore", em, cs, "rm_csv",
       "rm_transitions.csv line 1: expected the header \"source,trigger,target,sender_message\", got "
       "\"\\x01\\x02 garbage\""},
      {"header only", rm_header, em, cs, "rm_csv",
       "rm_transitions.csv line 1: no transitions follow the header"},
      {"unknown rm state", rm_header + "START,receive,RECEIVED,RK\nRECEIVED,validate,VALIDATED,RV\n", em, cs,
       "rm_csv",
       "rm_transitions.csv line 3: unknown RM state \"VALIDATED\" (expected one of START, RECEIVED, INVALID, "
       "VALID, ACCEPTED, DEFERRED, CLOSED)"},
      {"field count", rm_header + "\nSTART,receive,RECEIVED\n", em, cs, "rm_csv",
       "rm_transitions.csv line 3: expected 4 fields (source,trigger,target,sender_message), got 3"},
      {"bad trigger", rm_header + "START,Receive Report,RECEIVED,RS\n", em, cs, "rm_csv",
       "rm_transitions.csv line 2: trigger \"Receive Report\" must be a lower-case word, optionally followed "
       "by a note in parentheses"},
      {"bad message", rm_header + "START,receive,RECEIVED,hello\n", em, cs, "rm_csv",
       "rm_transitions.csv line 2: sender_message \"hello\" must be a message code such as RV, or a note in "
       "parentheses"},
      {"duplicate rm", rm_header + "START,receive,RECEIVED,RS\nSTART,receive,CLOSED,RC\n", em, cs, "rm_csv",
       "rm_transitions.csv line 3: START --receive (RC)--> repeats the trigger or message of line 2"},
      {"unterminated quote", rm_header + "START,\"receive,RECEIVED,RS\n", em, cs, "rm_csv",
       "rm_transitions.csv line 2: unterminated quoted field"},
      {"bad em pattern", rm, em_header + "NONE,propose,PROPOSED,EP,..pxa\n", cs, "em_csv",
       "em_transitions.csv line 2: cannot read the case-state pattern \"..pxa\" in the guard (expected six "
       "characters such as ...pxa)"},
      {"two em patterns", rm, em_header + "NONE,propose,PROPOSED,EP,...pxa or ...Pxa\n", cs, "em_csv",
       "em_transitions.csv line 2: the guard names two case-state patterns, ...pxa and ...Pxa"},
      {"bad em rm state", rm, em_header + "NONE,propose,PROPOSED,EP,RM not SHUT\n", cs, "em_csv",
       "em_transitions.csv line 2: the guard names an unknown RM state \"SHUT\" (expected one of START, "
       "RECEIVED, INVALID, VALID, ACCEPTED, DEFERRED, CLOSED)"},
      {"em ambiguous code", rm, em_header + "NONE,propose,PROPOSED,EP,\nNONE,accept,ACTIVE,EP,\n", cs,
       "em_csv", "em_transitions.csv line 3: NONE --accept (EP)--> repeats the trigger or message of line 2"},
      {"cs wrong target", rm, em, cs_header + "vfdpxa,V,Vfdpxa,CV\nvfdpxa,P,vfdPxA,CP\n", "cs_csv",
       "cs_transitions_vfdpxa.csv line 3: target vfdPxA should be vfdPxa (vfdpxa with P set)"},
      {"cs already set", rm, em, cs_header + "Vfdpxa,V,Vfdpxa,CV\n", "cs_csv",
       "cs_transitions_vfdpxa.csv line 2: Vfdpxa already has V"},
      {"cs bad state", rm, em, cs_header + "vfdpxa,V,Vfdpx,CV\n", "cs_csv",
       "cs_transitions_vfdpxa.csv line 2: target: a case state is six letters in the order vfdpxa (upper "
       "case for what has happened), e.g. VFdpxa; got \"Vfdpx\""},
      {"cs bad event", rm, em, cs_header + "vfdpxa,Q,Vfdpxa,CQ\n", "cs_csv",
       "cs_transitions_vfdpxa.csv line 2: event \"Q\" must be one of V, F, D, P, X, A"},
      {"cs bad message", rm, em, cs_header + "vfdpxa,V,Vfdpxa,CF\n", "cs_csv",
       "cs_transitions_vfdpxa.csv line 2: message \"CF\" should be CV"},
      {"cs duplicate", rm, em, cs_header + "vfdpxa,V,Vfdpxa,CV\r\n\r\nvfdpxa,V,Vfdpxa,CV\r\n", "cs_csv",
       "cs_transitions_vfdpxa.csv line 4: vfdpxa --V--> repeats line 2"},
  };
  for (const BadTables& c : kCases) {
    SCOPED_TRACE(c.what);
    Result<VultronRules> rules = VultronRules::Parse(c.rm, c.em, c.cs);
    ASSERT_FALSE(rules.ok());
    EXPECT_EQ(rules.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(rules.error().field, c.field);
    EXPECT_EQ(rules.error().message, c.message);
  }
}

TEST(VultronTablesTest, AcceptsCrlfQuotesAndAByteOrderMark) {
  auto crlf = [](const std::string& text) {
    std::string out;
    for (const char c : text) {
      if (c == '\n') out += '\r';
      out += c;
    }
    return out;
  };
  const std::string em = "\xEF\xBB\xBF" + crlf(EmCsv());
  const std::string rm =
      "source,trigger,target,sender_message\n\"START\",\"receive (on RS received)\",RECEIVED,\"(note, with "
      "comma)\"\n";
  Result<VultronRules> rules = VultronRules::Parse(rm, em, crlf(CsCsv()));
  ASSERT_TRUE(rules.ok()) << rules.error().message;
  EXPECT_EQ(rules->EmTransitions().size(), 10u);
  EXPECT_EQ(rules->CsTransitions().size(), 58u);
  ASSERT_EQ(rules->RmTransitions().size(), 1u);
  EXPECT_EQ(rules->RmTransitions()[0].note, "on RS received; note, with comma");
  EXPECT_EQ(rules->EmTransitions()[0].guard.cs_pattern, "...pxa");
}

}  // namespace
}  // namespace cvdhub::domain
