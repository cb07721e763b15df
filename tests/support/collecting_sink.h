// A FetchSink for crawler tests: keeps every result by URL and feeds the href targets of the
// pages it follows back to the crawler, as the pipeline does with the page model's links.
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "crawler/crawler.h"
#include "tests/support/hrefs.h"

namespace govaudit::testing {

class CollectingSink : public FetchSink {
 public:
  // Which results' links are followed. Default: HTML answered with 200.
  using Follow = std::function<bool(const FetchResult&)>;

  CollectingSink()
      : follow_(
            [](const FetchResult& r) { return r.status == 200 && r.content_type.find("html") != std::string::npos; }) {}
  explicit CollectingSink(Follow follow) : follow_(std::move(follow)) {}

  void OnFetched(FetchResult r) override {
    std::vector<DiscoveredLink> links;
    if (follow_(r)) {
      for (std::string& url : Hrefs(r.final_url, r.body)) links.push_back({std::move(url)});
    }
    crawler->Done(r.url, r.depth, links);
    std::lock_guard lock(mutex);
    results[r.url] = std::move(r);
  }

  // The result for `url`, or nullptr if it was not fetched.
  const FetchResult* Find(const std::string& url) {
    auto it = results.find(url);
    return it == results.end() ? nullptr : &it->second;
  }

  Crawler* crawler = nullptr;  // set before the crawl starts
  std::mutex mutex;
  std::map<std::string, FetchResult> results;

 private:
  Follow follow_;
};

}  // namespace govaudit::testing
