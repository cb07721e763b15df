// A fixture site of tests/fixtures served on a loopback port, as the audits of the app tests
// see it.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>

#include "app/demo_server.h"

namespace govaudit::testing {

// tests/fixtures/<folder> served on a free loopback port; nullptr, with a test failure, if the
// server cannot start.
inline std::unique_ptr<StaticSiteServer> ServeFixture(const std::string& folder) {
  const std::filesystem::path root = std::filesystem::path(GOVAUDIT_FIXTURES_DIR) / folder;
  auto server = StaticSiteServer::Start(StaticSiteServer::FromFolder(root.string()));
  EXPECT_TRUE(server.ok()) << server.status().message();
  return server.ok() ? std::move(server).value() : nullptr;
}

}  // namespace govaudit::testing
