#include "web/stats_pages.hpp"

#include <cmath>
#include <fmt/format.h>
#include <memory>

#include "domain/calendar.hpp"
#include "web/page_kit.hpp"

namespace cvdhub::web {
namespace {

using domain::QuarterStats;
using http::Request;
using http::Response;

std::string XmlEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

// A count as shown: the public's suppressed small counts read "<3".
std::string Count(int n) {
  if (n == app::kSuppressedCount) return "<" + std::to_string(app::kPublicMinimum);
  return std::to_string(n);
}

// Days with at most one decimal ("70", "70.5"); empty when there is no value.
std::string Days(const std::optional<double>& d) {
  if (!d) return {};
  if (std::floor(*d) == *d) return fmt::format("{:.0f}", *d);
  return fmt::format("{:.1f}", *d);
}

// One column of the statistics: its CSV name, its label and how to read it.
struct Column {
  std::string csv;
  std::string label_key;  // catalogue key
  std::function<std::string(const QuarterStats&)> value;
};

std::vector<Column> OutcomeColumns() {
  return {
      {"received_software", "stats.col.received_software", [](const QuarterStats& q) { return Count(q.received_software); }},
      {"received_website", "stats.col.received_website", [](const QuarterStats& q) { return Count(q.received_website); }},
      {"accepted", "stats.col.accepted", [](const QuarterStats& q) { return Count(q.accepted); }},
      {"declined_total", "stats.col.declined", [](const QuarterStats& q) { return Count(q.declined_total); }},
      {"advisories_published", "stats.col.published", [](const QuarterStats& q) { return Count(q.advisories_published); }},
      {"closed_unresolved", "stats.col.closed_unresolved", [](const QuarterStats& q) { return Count(q.closed_unresolved); }},
      {"closed_low_impact", "stats.col.closed_low_impact", [](const QuarterStats& q) { return Count(q.closed_low_impact); }},
      {"website_fixed", "stats.col.website_fixed", [](const QuarterStats& q) { return Count(q.website_fixed); }},
      {"unreachable_listed", "stats.col.unreachable", [](const QuarterStats& q) { return Count(q.unreachable_listed); }},
  };
}

std::vector<Column> DeclineColumns() {
  std::vector<Column> out;
  for (auto reason : domain::AllDeclineReasons()) {
    const std::string name(domain::DeclineReasonName(reason));
    out.push_back({"declined_" + name, "decline." + name,
                   [reason](const QuarterStats& q) { return Count(q.declined.at(reason)); }});
  }
  return out;
}

std::vector<Column> TimingColumns() {
  return {
      {"report_to_publication_count", "stats.col.n_report", [](const QuarterStats& q) { return Count(q.report_to_publication.count); }},
      {"report_to_publication_median_days", "stats.col.median_report", [](const QuarterStats& q) { return Days(q.report_to_publication.median); }},
      {"report_to_publication_p90_days", "stats.col.p90_report", [](const QuarterStats& q) { return Days(q.report_to_publication.p90); }},
      {"contact_to_publication_count", "stats.col.n_contact", [](const QuarterStats& q) { return Count(q.contact_to_publication.count); }},
      {"contact_to_publication_median_days", "stats.col.median_contact", [](const QuarterStats& q) { return Days(q.contact_to_publication.median); }},
      {"contact_to_publication_p90_days", "stats.col.p90_contact", [](const QuarterStats& q) { return Days(q.contact_to_publication.p90); }},
  };
}

// RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled.
std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// One bar series of a chart.
struct Series {
  std::string name;
  std::string fill;
  std::vector<std::optional<double>> values;  // per quarter; nullopt: no bar
};

// The smallest "nice" step (1, 2 or 5 × 10^k) giving at most 5 ticks up to `max`.
double NiceStep(double max) {
  if (max <= 0) return 1;
  const double raw = max / 5;
  const double magnitude = std::pow(10, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    if (m * magnitude >= raw) return std::max(1.0, m * magnitude);
  }
  return std::max(1.0, 10 * magnitude);
}

// A server-rendered SVG bar chart: grouped or stacked bars per quarter, a
// y axis with a few ticks, the quarter labels, a legend, and a <title> on
// every bar (its value, for screen readers and hovering). No script, no style
// attribute (the page's CSP allows neither): presentation attributes only.
std::string BarChart(const std::string& id, const std::string& title, const std::vector<std::string>& labels,
                     const std::vector<Series>& series, bool stacked, const std::string& unit) {
  const int n = static_cast<int>(labels.size());
  // The legend stands above the plot, one series a line (names can be long, and Japanese).
  const int legend_h = 16 * static_cast<int>(series.size());
  const int left = 48, right = 12, top = 24 + legend_h, bottom = 64;
  const int slot = std::max(36, stacked ? 40 : 16 * static_cast<int>(series.size()) + 16);
  const int plot_w = std::max(360, slot * std::max(n, 1));
  const int plot_h = 180;
  const int width = left + plot_w + right, height = top + plot_h + bottom;
  double max = 0;
  for (int i = 0; i < n; ++i) {
    double sum = 0;
    for (const auto& s : series) {
      const double v = s.values[i].value_or(0);
      sum += v;
      if (!stacked) max = std::max(max, v);
    }
    if (stacked) max = std::max(max, sum);
  }
  const double step = NiceStep(max);
  const double top_value = std::max(step, std::ceil(max / step) * step);
  auto y = [&](double v) { return top + plot_h - v / top_value * plot_h; };

  std::string out = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" id=\"{}\" viewBox=\"0 0 {} {}\" width=\"{}\" "
      "height=\"{}\" role=\"img\" aria-labelledby=\"{}-title\"><title id=\"{}-title\">{}</title>",
      id, width, height, width, height, id, id, XmlEscape(title));
  // Legend.
  int ly = 4;
  for (const auto& s : series) {
    out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"12\" height=\"12\" fill=\"{}\"/>", left, ly, s.fill);
    out += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"12\" fill=\"#1d2330\">{}</text>", left + 16, ly + 10,
                       XmlEscape(s.name));
    ly += 16;
  }
  // Grid and y axis.
  for (double v = 0; v <= top_value + 1e-9; v += step) {
    out += fmt::format("<line x1=\"{}\" y1=\"{:.1f}\" x2=\"{}\" y2=\"{:.1f}\" stroke=\"#d9dee6\" stroke-width=\"1\"/>",
                       left, y(v), left + plot_w, y(v));
    out += fmt::format("<text x=\"{}\" y=\"{:.1f}\" font-size=\"11\" text-anchor=\"end\" fill=\"#5b6474\">{}</text>",
                       left - 6, y(v) + 4, Days(v));
  }
  out += fmt::format("<text x=\"4\" y=\"{}\" font-size=\"11\" fill=\"#5b6474\">{}</text>", top - 6, XmlEscape(unit));
  // Bars and labels.
  for (int i = 0; i < n; ++i) {
    const double x0 = left + i * slot;
    double base = 0;
    int k = 0;
    for (const auto& s : series) {
      const auto& v = s.values[i];
      if (v && *v > 0) {
        const double bw = stacked ? slot - 12 : 14;
        const double bx = stacked ? x0 + 6 : x0 + 8 + k * 16;
        const double from = stacked ? base : 0;
        out += fmt::format(
            "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"{}\"><title>{} {}: {}</title></rect>",
            bx, y(from + *v), bw, y(from) - y(from + *v), s.fill, XmlEscape(labels[i]), XmlEscape(s.name), Days(*v));
        if (stacked) base += *v;
      }
      ++k;
    }
    out += fmt::format(
        "<text x=\"{:.1f}\" y=\"{}\" font-size=\"11\" text-anchor=\"end\" fill=\"#1d2330\" "
        "transform=\"rotate(-40 {:.1f} {})\">{}</text>",
        x0 + slot / 2.0, top + plot_h + 14, x0 + slot / 2.0, top + plot_h + 14, XmlEscape(labels[i]));
  }
  out += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#1d2330\" stroke-width=\"1\"/>", left,
                     top + plot_h, left + plot_w, top + plot_h);
  out += "</svg>";
  return out;
}

std::optional<double> Positive(int n) {
  if (n <= 0) return std::nullopt;  // zero, or suppressed for the public
  return n;
}

class StatsPages {
 public:
  explicit StatsPages(app::Services& s) : s_(s), kit_(s) {}

  static void Register(const std::shared_ptr<StatsPages>& self, http::Router& r) {
    auto bind = [self](Response (StatsPages::*fn)(Request&)) {
      return [self, fn](Request& req) { return ((*self).*fn)(req); };
    };
    r.Add("GET", "/stats", [](Request& req) {
      return Response::Redirect("/stats/" + (req.raw_query.empty() ? std::string() : "?" + req.raw_query));
    });
    r.Add("GET", "/stats/", bind(&StatsPages::Staff));
    r.Add("GET", "/stats/quarters.csv", bind(&StatsPages::StaffCsv));
    r.Add("GET", "/stats/public", bind(&StatsPages::Public));
    r.Add("GET", "/stats/public/quarters.csv", bind(&StatsPages::PublicCsv));
  }

 private:
  std::string T(const Page& page, const std::string& key) const { return kit_.T(page, key); }

  // ?quarters=fiscal (the default) or calendar; anything else is refused by name.
  static Result<domain::QuarterScheme> Scheme(const Request& req) {
    const std::string_view q = req.Query("quarters");
    if (q.empty()) return domain::QuarterScheme::kFiscalJapan;
    auto scheme = domain::ParseQuarterScheme(q);
    if (!scheme) return Error::Invalid("quarters", "quarters must be fiscal or calendar");
    return *scheme;
  }

  Response Staff(Request& req) {
    BEGIN_PAGE(kit_, req);
    if (page.caller.actor.IsAnonymous()) return kit_.RequireLogin(req);
    auto scheme = Scheme(req);
    if (!scheme) return kit_.ErrorPage(page, scheme.error());
    auto view = s_.stats.ForStaff(page.caller.actor, *scheme);
    if (!view) return kit_.ErrorPage(page, view.error());
    return Render(page, *view, "/stats/", "/stats/quarters.csv");
  }

  Response Public(Request& req) {
    BEGIN_PAGE(kit_, req);
    auto scheme = Scheme(req);
    if (!scheme) return kit_.ErrorPage(page, scheme.error());
    auto view = s_.stats.ForPublic(*scheme);
    if (!view) return kit_.ErrorPage(page, view.error());
    return Render(page, *view, "/stats/public", "/stats/public/quarters.csv");
  }

  Response StaffCsv(Request& req) {
    const http::Caller caller = http::Identify(req, s_.accounts);
    if (caller.actor.IsAnonymous()) return kit_.RequireLogin(req);
    auto scheme = Scheme(req);
    if (!scheme) return http::ErrorJson(scheme.error());
    auto view = s_.stats.ForStaff(caller.actor, *scheme);
    if (!view) {
      Page page;
      page.pc.path = CurrentLocation(req);
      return kit_.ErrorPage(page, view.error());
    }
    return Csv(*view, "cvdhub-quarters-");
  }

  Response PublicCsv(Request& req) {
    auto scheme = Scheme(req);
    if (!scheme) return http::ErrorJson(scheme.error());
    auto view = s_.stats.ForPublic(*scheme);
    if (!view) return http::ErrorJson(view.error());
    return Csv(*view, "cvdhub-public-quarters-");
  }

  Response Csv(const app::StatsView& view, const std::string& name) {
    std::vector<Column> columns = OutcomeColumns();
    for (auto& c : DeclineColumns()) columns.push_back(std::move(c));
    for (auto& c : TimingColumns()) columns.push_back(std::move(c));
    std::string out = "quarter,first_day,last_day";
    for (const auto& c : columns) out += "," + c.csv;
    out += "\r\n";
    auto row = [&](const std::string& label, const QuarterStats& q) {
      out += CsvField(label) + "," + domain::FormatDate(q.first_day) + "," + domain::FormatDate(q.last_day);
      for (const auto& c : columns) out += "," + CsvField(c.value(q));
      out += "\r\n";
    };
    for (const auto& q : view.stats.quarters) row(q.label, q);
    if (!view.public_view) row("total", view.stats.total);
    Response r{.status = 200, .body = std::move(out)};
    r.Set("Content-Type", "text/csv; charset=utf-8");
    r.Set("Content-Disposition", "attachment; filename=\"" + name +
                                     std::string(domain::QuarterSchemeName(view.stats.scheme)) + ".csv\"");
    return r;
  }

  mstch::map Table(const Page& page, const app::StatsView& view, const std::string& id, const std::string& heading_key,
                   const std::vector<Column>& columns) {
    mstch::array head;
    for (const auto& c : columns) head.push_back(mstch::map{{"v", S(T(page, c.label_key))}});
    mstch::array rows;
    auto row = [&](const std::string& label, const QuarterStats& q, const char* cls) {
      mstch::array cells;
      for (const auto& c : columns) cells.push_back(mstch::map{{"v", S(c.value(q))}});
      rows.push_back(mstch::map{{"label", S(label)},
                                {"period", S(domain::FormatDate(q.first_day) + " – " + domain::FormatDate(q.last_day))},
                                {"cls", S(cls)},
                                {"cells", cells}});
    };
    for (const auto& q : view.stats.quarters) row(q.label, q, "");
    if (!view.public_view) row(T(page, "stats.total"), view.stats.total, "total");
    return {{"id", S(id)}, {"heading", S(T(page, heading_key))}, {"head", head}, {"rows", rows}};
  }

  Response Render(Page& page, const app::StatsView& view, const std::string& base, const std::string& csv) {
    const auto& stats = view.stats;
    const std::string scheme(domain::QuarterSchemeName(stats.scheme));
    std::vector<std::string> labels;
    Series software{T(page, "stats.col.received_software"), "#0b5cad", {}};
    Series website{T(page, "stats.col.received_website"), "#b54708", {}};
    Series from_report{T(page, "stats.col.median_report"), "#0b5cad", {}};
    Series from_contact{T(page, "stats.col.median_contact"), "#067647", {}};
    for (const auto& q : stats.quarters) {
      labels.push_back(q.label);
      software.values.push_back(Positive(q.received_software));
      website.values.push_back(Positive(q.received_website));
      from_report.values.push_back(q.report_to_publication.median);
      from_contact.values.push_back(q.contact_to_publication.median);
    }
    mstch::array tables{
        Table(page, view, "outcomes", "stats.outcomes_heading", OutcomeColumns()),
        Table(page, view, "declines", "stats.declines_heading", DeclineColumns()),
        Table(page, view, "timing", "stats.timing_heading", TimingColumns()),
    };
    const Blocks blocks{
        {"chart_received", BarChart("chart-received", T(page, "stats.received_heading"), labels,
                                    {software, website}, true, T(page, "stats.unit_reports"))},
        {"chart_timing", BarChart("chart-timing", T(page, "stats.timing_chart_heading"), labels,
                                  {from_report, from_contact}, false, T(page, "stats.unit_days"))},
    };
    mstch::map ctx{
        {"public_view", view.public_view},
        {"scheme", S(scheme)},
        {"fiscal", stats.scheme == domain::QuarterScheme::kFiscalJapan},
        {"calendar", stats.scheme == domain::QuarterScheme::kCalendar},
        {"base", S(base)},
        {"csv", S(csv + "?quarters=" + scheme)},
        {"first_day", S(stats.quarters.empty() ? "" : domain::FormatDate(stats.quarters.front().first_day))},
        {"until", S(domain::FormatDate(view.until))},
        {"tables", tables},
    };
    return kit_.Html(page, 200, "stats", view.public_view ? "stats.public_title" : "stats.title", std::move(ctx),
                     blocks);
  }

  app::Services& s_;
  PageKit kit_;
};

}  // namespace

void RegisterStatsPages(http::Router& router, app::Services& services) {
  StatsPages::Register(std::make_shared<StatsPages>(services), router);
}

}  // namespace cvdhub::web
