// The Vultron coordinated-disclosure protocol (CERT/CC, CERTCC/Vultron): the
// three state machines of a case participant -- report management (RM, per
// participant), embargo management (EM, per case) and case state (CS,
// "vfdpxa") -- checked against the protocol's transition tables. The caller
// passes the tables' CSV text (data/vultron_*.csv); nothing is read here.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/result.hpp"

namespace cvdhub::domain {

// Where the transition tables live in the source tree, which is also their
// key among the files the build embeds.
inline constexpr std::string_view kVultronRmTransitionsPath = "data/vultron_rm_transitions.csv";
inline constexpr std::string_view kVultronEmTransitionsPath = "data/vultron_em_transitions.csv";
inline constexpr std::string_view kVultronCsTransitionsPath = "data/vultron_cs_transitions_vfdpxa.csv";

// Report management: one participant's handling of the report.
enum class RmState { kStart, kReceived, kInvalid, kValid, kAccepted, kDeferred, kClosed };

// Embargo management: the embargo of the whole case.
enum class EmState { kNone, kProposed, kActive, kRevise, kExited };

// The name used in the transition tables, e.g. "RECEIVED", "ACTIVE".
std::string_view RmStateName(RmState state);
std::string_view EmStateName(EmState state);

// The ActivityStreams wire name (Vultron's enum name), e.g.
// "REPORT_MANAGEMENT_RECEIVED", "EMBARGO_MANAGEMENT_ACTIVE".
std::string RmStateWireName(RmState state);
std::string EmStateWireName(EmState state);

// Parses a table name ("RECEIVED") or a wire name
// ("REPORT_MANAGEMENT_RECEIVED"), exactly as spelled; nullopt when unknown.
std::optional<RmState> ParseRmState(std::string_view name);
std::optional<EmState> ParseEmState(std::string_view name);

// The roles a participant may hold in a case (Vultron CVDRole).
enum class CvdRole { kFinder, kReporter, kVendor, kDeployer, kCoordinator, kOther, kCaseOwner };

// The wire name, e.g. "VENDOR", "CASE_OWNER".
std::string_view CvdRoleName(CvdRole role);
// Parses a role name ignoring ASCII case ("vendor" or "VENDOR"); nullopt when unknown.
std::optional<CvdRole> ParseCvdRole(std::string_view name);

// V, F, D: what one vendor participant has done. Written "vfd", upper case
// for a flag that is set, e.g. "Vfd" (aware, no fix yet).
struct VendorLetters {
  bool vendor_aware = false;  // V
  bool fix_ready = false;     // F
  bool fix_deployed = false;  // D

  // The three letters, e.g. "VFd".
  std::string ToString() const;
  bool operator==(const VendorLetters&) const = default;
};

// P, X, A: what the world knows, one set per case. Written "pxa".
struct PublicLetters {
  bool public_aware = false;      // P
  bool exploit_public = false;    // X
  bool attacks_observed = false;  // A

  // The three letters, e.g. "Pxa".
  std::string ToString() const;
  bool operator==(const PublicLetters&) const = default;
};

// One participant's case state: six flags that each turn from false to true
// once and never back, written "vfdpxa" with upper case for true.
struct CaseState {
  bool vendor_aware = false;      // V
  bool fix_ready = false;         // F
  bool fix_deployed = false;      // D
  bool public_aware = false;      // P
  bool exploit_public = false;    // X
  bool attacks_observed = false;  // A

  // The six letters, e.g. "VFdpxa".
  std::string ToString() const;

  // Parses six letters in the order v f d p x a, each lower case (false) or
  // upper case (true). Fails with Error::Invalid("case_state", ...).
  static Result<CaseState> Parse(std::string_view text);

  // Whether the flag of `letter` (one of V F D P X A, either case) is set;
  // false for any other character.
  bool Has(char letter) const;

  // True for "...pxa": not public, no public exploit, no attacks observed --
  // the condition under which an embargo may be proposed or accepted.
  bool NothingPublic() const { return !public_aware && !exploit_public && !attacks_observed; }

  // The vendor's part (V, F, D) and the case's part (P, X, A).
  VendorLetters ToVendorLetters() const { return {vendor_aware, fix_ready, fix_deployed}; }
  PublicLetters ToPublicLetters() const { return {public_aware, exploit_public, attacks_observed}; }

  bool operator==(const CaseState&) const = default;
  // Orders states by their flags in vfdpxa order (false first), e.g. as map keys.
  bool operator<(const CaseState& other) const;
};

// A participant's CaseState from its own V/F/D and the case's P/X/A.
CaseState CombineCaseState(const VendorLetters& vendor, const PublicLetters& pub);

// The case state of a case with several vendors: V/F/D per vendor
// participant, P/X/A once for the case.
struct MultiVendorCaseState {
  PublicLetters public_letters;
  std::map<std::string, VendorLetters, std::less<>> vendors;  // by participant id

  // The CaseState of vendor `vendor_id`; Error::NotFound when not a vendor here.
  Result<CaseState> ForVendor(std::string_view vendor_id) const;
};

// What the protocol obliges a case's embargo to do given its case state
// (the guard column of em_transitions.csv).
enum class EmObligation {
  kNone,
  kMustReject,       // PROPOSED while P, X or A is set: "forced" reject (ER)
  kMustTerminate,    // ACTIVE or REVISE while P or X is set: SHALL terminate (ET)
  kShouldTerminate,  // ACTIVE or REVISE while only A is set: SHOULD terminate (ET)
};

// The obligation for an embargo in `em` when the case is at `cs`.
EmObligation EmObligationFor(EmState em, const CaseState& cs);

// One row of rm_transitions.csv.
struct RmTransition {
  RmState source = RmState::kStart;
  std::string trigger;  // the trigger column without its note, e.g. "receive", "validate"
  RmState target = RmState::kStart;
  std::string message;  // its message code, e.g. "RV"; "RS" for "receive (on RS received)"
  std::string note;     // parenthesised remarks, e.g. "recipient replies RK; vendor also CV"
};

// The checkable part of an em_transitions.csv guard. Other clauses
// ("counter-proposal", "SHALL when P or X", ...) are notes or obligations
// (see EmObligationFor), not conditions on the transition.
struct EmGuard {
  std::string cs_pattern;       // e.g. "...pxa": '.' any, a letter must match exactly; empty: any CS
  std::vector<RmState> rm_not;  // "RM not CLOSED": states the acting participant must not be in
  std::string text;             // the column as written
};

// One row of em_transitions.csv.
struct EmTransition {
  EmState source = EmState::kNone;
  std::string trigger;  // "propose", "reject", "accept" or "terminate"
  EmState target = EmState::kNone;
  std::string message;  // the sender's message code, e.g. "EP", "EV"
  EmGuard guard;
};

// One row of cs_transitions_vfdpxa.csv.
struct CsTransition {
  CaseState source;
  char event = 'V';  // V F D P X A
  CaseState target;
  std::string message;  // "CV", "CF", ...
};

// The three Vultron state machines as their tables define them. Immutable
// once parsed; cheap enough to copy, better shared.
class VultronRules {
 public:
  // Parses the three tables (headers "source,trigger,target,sender_message",
  // the same plus ",guard", and "source,event,target,message"). Fails with
  // Error::Invalid("rm_csv"/"em_csv"/"cs_csv", ...) naming the line at fault.
  static Result<VultronRules> Parse(std::string_view rm_csv, std::string_view em_csv,
                                    std::string_view cs_csv);

  // The RM state after `trigger` -- a trigger name ("validate"), the trigger
  // column as written ("receive (on RS received)") or the row's message code
  // ("RV", "RS"). Error::Invalid("trigger") if the trigger appears nowhere in
  // the table; Error::Conflict listing what is allowed if not from `from`.
  Result<RmState> ApplyRm(RmState from, std::string_view trigger) const;

  // The EM state after `trigger` (a name, or the message code of that very
  // row: "EP" proposes from NONE/PROPOSED, "EV" from ACTIVE/REVISE), checking
  // the guard against `cs` and, when given, the acting participant's RM state.
  // Errors as ApplyRm; a failed guard is a Conflict saying what it needs.
  Result<EmState> ApplyEm(EmState from, std::string_view trigger, const CaseState& cs,
                          std::optional<RmState> actor_rm = std::nullopt) const;

  // The case state after `event` (one of V F D P X A) if the table has that
  // transition. Error::Invalid("event") for another character;
  // Error::Conflict listing the allowed events otherwise.
  Result<CaseState> ApplyCs(const CaseState& from, char event) const;
  // As above, with the event as a letter ("F") or a message code ("CF").
  Result<CaseState> ApplyCs(const CaseState& from, std::string_view event) const;

  // Applies `event` to a case with several vendors: V, F or D to vendor
  // `vendor_id`; P, X or A to the case, which must be legal from every
  // vendor's state (X is refused while a vendor is vfdPxa: record its V
  // first). With no vendors, only the rules among P, X and A apply.
  // Errors as ApplyCs, naming the vendor; Error::Invalid("vendor") when
  // vendor_id is unknown, missing for V/F/D, or given for P/X/A.
  Result<MultiVendorCaseState> ApplyCaseEvent(const MultiVendorCaseState& from, char event,
                                              std::string_view vendor_id = {}) const;

  // The table rows, in file order.
  const std::vector<RmTransition>& RmTransitions() const { return rm_; }
  const std::vector<EmTransition>& EmTransitions() const { return em_; }
  const std::vector<CsTransition>& CsTransitions() const { return cs_; }

  // Every case state the CS table names, in ascending order.
  std::vector<CaseState> CsStates() const;

 private:
  VultronRules() = default;

  std::vector<RmTransition> rm_;
  std::vector<EmTransition> em_;
  std::vector<CsTransition> cs_;
  // (source, event) -> index into cs_.
  std::map<std::pair<CaseState, char>, std::size_t> cs_index_;
};

}  // namespace cvdhub::domain
