// The page pipeline of an audit: every fetched response is decoded and parsed once (page
// model), classified, checked by the page rules, and written to the store with its links and
// findings in one transaction; links go back to the crawler. A bounded queue between the
// crawler thread and the workers keeps memory flat however large the site.
#pragma once

#include <atomic>
#include <functional>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "common/bounded_queue.h"
#include "crawler/crawler.h"
#include "db/writer.h"
#include "rules/rule.h"
#include "rules/security.h"

namespace govaudit {

// The page row for a fetch: what was asked, what answered and how long it took.
db::PageRecord RecordOf(const FetchResult& r);

class PagePipeline : public FetchSink {
 public:
  // `text_keywords`: the keywords to record of each page's text (PageRecord::text_keywords);
  // `max_links`: distinct links kept of one page (the rest counted).
  PagePipeline(const RuleSet& rules, const RuleContext& context, std::vector<std::string> text_keywords,
               size_t max_links, db::StoreWriter* writer, int64_t run_id, int threads, size_t max_queue);
  ~PagePipeline() override;

  void set_crawler(Crawler* crawler) { crawler_ = crawler; }
  // Where the body of a page answered 304 comes from (the previous run's stored body); nothing
  // when it cannot be read, and the page is then recorded as not inspected.
  void set_previous_body(std::function<std::optional<std::string>(const std::string&)> fn) {
    previous_body_ = std::move(fn);
  }

  // The security rules' look at pages and link targets (null: not looked at).
  void set_security(const SecurityInspector* security) { security_ = security; }

  void OnFetched(FetchResult result) override;
  // Waits until every queued response is processed and stops the workers.
  void Join();

  // How each start URL ended: no answer at all (DNS, connect, TLS ...), or an answer that is no
  // complete HTML page (5xx, a cut or oversized body, a redirect to javascript:, not HTML).
  struct StartFailure {
    std::string url;
    std::string reason;
    bool no_answer = false;
  };
  // The start URLs that failed, in the order they were fetched.
  std::vector<StartFailure> StartFailures();
  int64_t findings() const { return findings_; }

 private:
  void Work();
  void Process(FetchResult r);

  const RuleSet& rules_;
  const RuleContext& context_;
  const std::vector<std::string> text_keywords_;
  const size_t max_links_;
  db::StoreWriter* writer_;
  int64_t run_id_;
  Crawler* crawler_ = nullptr;
  std::function<std::optional<std::string>(const std::string&)> previous_body_;
  const SecurityInspector* security_ = nullptr;
  std::set<std::string> start_urls_;
  BoundedQueue<FetchResult> queue_;
  std::vector<std::thread> workers_;
  std::mutex start_failures_mutex_;
  std::vector<StartFailure> start_failures_;
  std::atomic<int64_t> findings_{0};
};

}  // namespace govaudit
