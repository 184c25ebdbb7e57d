// Test support for the app layer's tests: the application wired on a fresh
// SQLite store in a temporary directory, with a clock the test moves.
// Header-only and used by *_test.cpp files only.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "app/security.hpp"
#include "app/services.hpp"
#include "domain/calendar.hpp"
#include "i18n/catalog.hpp"
#include "store/store.hpp"

#ifndef CVDHUB_SOURCE_DIR
#define CVDHUB_SOURCE_DIR "/work/main"
#endif

namespace cvdhub::app::test_support {

// The calendar as the application builds it: rules plus the override file.
inline const domain::BusinessCalendar& TestCalendar() {
  static const domain::BusinessCalendar calendar = [] {
    std::ifstream in(std::string(CVDHUB_SOURCE_DIR) + "/data/holiday_overrides.tsv", std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    auto overrides = domain::ParseHolidayOverrides(text.str());
    if (text.str().empty() || !overrides.ok()) {
      ADD_FAILURE() << "cannot load data/holiday_overrides.tsv";
      return domain::BusinessCalendar{};
    }
    return domain::BusinessCalendar(std::move(overrides).value());
  }();
  return calendar;
}

// A fixture with the whole application on its own store. The audit log's
// interval is long: only an explicit Flush() writes, so tests see exactly when.
class AppFixture : public ::testing::Test {
 protected:
  explicit AppFixture(domain::Timestamp start) : clock_(start) {}

  static void SetUpTestSuite() { ASSERT_TRUE(InitCrypto().ok()); }

  void SetUp() override {
    static std::atomic<int> counter{0};
    dir_ = std::filesystem::temp_directory_path() /
           ("cvdhub-app-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    auto opened = store::OpenSqliteStore((dir_ / "cvdhub.db").string());
    ASSERT_TRUE(opened.ok()) << opened.error().internal;
    store_ = std::move(opened).value();
    audit_ = std::make_unique<AuditLog>(*store_, std::chrono::hours(1));
    ctx_ = std::make_unique<Context>(Context{.store = *store_,
                                             .clock = clock_,
                                             .calendar = TestCalendar(),
                                             .catalog = i18n::Catalog::Default(),
                                             .audit = *audit_,
                                             .config = {}});
    services_ = std::make_unique<Services>(*ctx_);
  }

  void TearDown() override {
    services_.reset();
    ctx_.reset();
    audit_.reset();
    store_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  std::filesystem::path dir_;
  FixedClock clock_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<AuditLog> audit_;
  std::unique_ptr<Context> ctx_;
  std::unique_ptr<Services> services_;
};

}  // namespace cvdhub::app::test_support
