// Looking into a database an audit wrote, through the store's typed queries.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>

#include "db/store.h"

namespace govaudit::testing {

// The store at `path`, read-only (nullptr, with a test failure, if it cannot be opened).
inline std::unique_ptr<db::Store> ReadStore(const std::string& path) {
  auto store = db::Store::OpenReadOnly(path);
  EXPECT_TRUE(store.ok()) << store.status().message();
  return store.ok() ? std::move(store).value() : nullptr;
}

// The fetched pages of a run, by URL (empty if the store cannot be read).
inline std::map<std::string, db::FetchedPage> PagesOf(const std::string& path, int64_t run_id = 1) {
  std::map<std::string, db::FetchedPage> pages;
  auto store = ReadStore(path);
  if (!store) return pages;
  auto fetched = store->FetchedPages(run_id);
  if (!fetched.ok()) return pages;
  for (db::FetchedPage& p : *fetched) pages[p.url] = std::move(p);
  return pages;
}

}  // namespace govaudit::testing
