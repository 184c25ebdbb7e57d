// Published advisories built by hand for the export tests: one multi-vendor
// advisory with every vendor status, package URLs, CPEs, version shapes,
// CVSS v3.1 and v4.0, text with XML-hostile characters and Japanese; and a
// single-vendor one without package URLs.
#pragma once

#include <chrono>

#include "domain/advisory.hpp"

namespace cvdhub::formats::testing {

inline domain::Timestamp At(int y, unsigned m, unsigned d, int h = 0, int min = 0) {
  return std::chrono::sys_days{std::chrono::year{y} / m / d} + std::chrono::hours(h) +
         std::chrono::minutes(min);
}

inline domain::Bilingual Text(std::string ja, std::string en) {
  return {.ja = std::move(ja), .en = std::move(en), .translation = domain::Translation::kDone};
}

inline domain::PublicAdvisory MultiVendorAdvisory() {
  using domain::VendorStatus;
  domain::PublicAdvisory p;
  auto& a = p.advisory;
  a.id = 1;
  a.case_id = 7;
  a.identifier = "JVNVU#98765432";
  a.state = domain::AdvisoryState::kPublished;
  a.sections.title = Text("OpenWidget における <script> & \"引用\" の 'エスケープ' 不備",
                          "OpenWidget <script> & \"quote\" 'escaping' flaws");
  a.sections.overview = Text("OpenWidget には複数の脆弱性が存在します。",
                             "OpenWidget contains multiple vulnerabilities <b>&amp;</b>.");
  a.sections.affected = Text("OpenWidget 2.4.0 およびそれ以前", "OpenWidget 2.4.0 and earlier");
  a.sections.description = Text("詳細な説明です。", "Detailed description.");
  a.sections.impact =
      Text("任意のスクリプトが実行される可能性があります。", "An arbitrary script may be executed.");
  a.sections.solution = Text("最新版へアップデートしてください。", "Update to the latest version.");
  a.sections.coordinator_notes = Text("調整機関からの補足です。", "Notes from the coordinator.");
  a.sections.acknowledgements =
      Text("山田太郎 氏が報告しました。", "Taro Yamada reported this vulnerability.");
  a.sections.references = {
      {.title = "Upstream issue",
       .url = "https://github.com/openwidget/openwidget/issues/1",
       .kind = "external"},
      {.title = "関連文書", .url = "https://example.org/資料?a=1&b=2", .kind = "related"},
  };
  a.vulnerabilities = {
      {.id = 11,
       .position = 1,
       .cve_id = "CVE-2026-40001",
       .cve_source = domain::CveSource::kCnaBlock,
       .cwe = "CWE-79",
       .title = Text("クロスサイトスクリプティング", "Cross-site scripting"),
       .description = Text("格納型クロスサイトスクリプティングの脆弱性。", "Stored cross-site scripting."),
       .cvss31 = "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N",
       .cvss40 = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:P/VC:N/VI:N/VA:N/SC:L/SI:L/SA:N"},
      {.id = 12,
       .position = 2,
       .cve_id = "CVE-2026-40002",
       .cve_source = domain::CveSource::kCnaBlock,
       .cwe = "CWE-99999",
       .title = Text("認証回避", "Authentication bypass"),
       .description = Text("", "Authentication can be bypassed."),
       .cvss31 = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"},
      {.id = 13,
       .position = 3,
       .cve_id = "CVE-2025-11111",
       .cve_source = domain::CveSource::kOtherCna,
       .cve_assigner = "GitHub",
       .cwe = "CWE-22",
       .title = Text("パストラバーサル", "Path traversal"),
       .description = Text("パストラバーサル。", "Path traversal.")},
  };
  a.products = {
      {.id = 1,
       .vendor_id = 1,
       .vendor_name = "OpenWidget Project",
       .product = "OpenWidget",
       .versions = "2.4.0 およびそれ以前",
       .fixed_in = "2.4.1",
       .cpe = "cpe:2.3:a:openwidget:openwidget:*:*:*:*:*:*:*:*",
       .purl = "pkg:npm/%40openwidget/core"},
      {.id = 2,
       .vendor_id = 1,
       .vendor_name = "OpenWidget Project",
       .product = "openwidget-py",
       .versions = ">= 1.0.0, < 1.3.2",
       .fixed_in = "",
       .purl = "pkg:pypi/OpenWidget_Py"},
      {.id = 3,
       .vendor_id = 2,
       .vendor_name = "サンプル電機",
       .product = "Sample Router SR-100",
       .versions = "ファームウェア 1.0 系",
       .fixed_in = "",
       .cpe = "cpe:2.3:h:sample:sr-100:*:*:*:*:*:*:*:*"},
      {.id = 4,
       .vendor_id = 3,
       .vendor_name = "Go Things",
       .product = "gothing",
       .versions = "v1.2.0, v1.2.1",
       .fixed_in = "v1.2.2",
       .purl = "pkg:golang/github.com/gothings/gothing"},
  };
  a.published_at = At(2026, 11, 24, 1, 0);
  a.modified_at = At(2026, 12, 1, 3, 30);
  a.created_at = At(2026, 10, 1);
  a.updated_at = *a.modified_at;

  auto row = [](std::int64_t id, std::string ja, std::string en, VendorStatus s, std::string statement,
                std::string url) {
    return domain::AdvisoryVendorRow{.vendor_id = id,
                                     .vendor_name = std::move(ja),
                                     .vendor_name_en = std::move(en),
                                     .status = s,
                                     .statement = std::move(statement),
                                     .advisory_url = std::move(url),
                                     .updated_at = At(2026, 11, 20)};
  };
  p.vendors = {
      row(1, "OpenWidget Project", "", VendorStatus::kAffected, "2.4.1 で修正しました。",
          "https://openwidget.example/security/2026-1"),
      row(2, "サンプル電機", "Sample Electric", VendorStatus::kAffectedInvestigating, "調査中です。", ""),
      row(3, "Go Things", "", VendorStatus::kAffected, "", ""),
      row(4, "ノット影響株式会社", "NotAffected Inc.", VendorStatus::kNotAffected,
          "当社製品は該当するライブラリを使用していません。", ""),
      row(5, "調査中株式会社", "Investigating Ltd.", VendorStatus::kNotAffectedInvestigating, "", ""),
      row(6, "情報提供済株式会社", "Informed Corp.", VendorStatus::kInformationProvided, "", ""),
  };
  p.updates = {{.id = 1,
                .at = At(2026, 12, 1, 3, 30),
                .note_ja = "ベンダ情報を更新しました。",
                .note_en = "Vendor information updated."}};
  return p;
}

inline domain::PublicAdvisory SingleVendorAdvisory() {
  domain::PublicAdvisory p;
  auto& a = p.advisory;
  a.id = 2;
  a.case_id = 8;
  a.identifier = "JVN#12345678";
  a.state = domain::AdvisoryState::kPublished;
  a.sections.title = Text("Sample Electric 製ルータにおける OS コマンドインジェクション",
                          "OS command injection in Sample Electric routers");
  a.sections.overview = Text("OS コマンドインジェクションの脆弱性が存在します。",
                             "The routers contain an OS command injection vulnerability.");
  a.vulnerabilities = {{.id = 21,
                        .position = 1,
                        .cve_id = "CVE-2026-40003",
                        .cve_source = domain::CveSource::kCnaBlock,
                        .cwe = "CWE-78",
                        .title = Text("OS コマンドインジェクション", "OS command injection"),
                        .cvss31 = "CVSS:3.0/AV:A/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H"}};
  a.products = {{.id = 5,
                 .vendor_id = 2,
                 .vendor_name = "サンプル電機",
                 .product = "SR-200",
                 .versions = "< 3.0.2",
                 .fixed_in = "3.0.2"}};
  a.published_at = At(2025, 12, 31, 16, 0);  // 2026-01-01 01:00 JST: filed under 2025 (UTC)
  a.modified_at = a.published_at;
  p.vendors = {{.vendor_id = 2,
                .vendor_name = "サンプル電機",
                .vendor_name_en = "Sample Electric",
                .status = domain::VendorStatus::kAffected,
                .statement = "修正版を公開しました。"}};
  return p;
}

}  // namespace cvdhub::formats::testing
