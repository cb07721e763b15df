// The security rules' look at pages and link targets while the crawl runs (security.*):
// what an outbound link's target shows (title, gambling / pornography / fraud terms), and what
// a page holds that may have been planted there — links to other sites a visitor cannot see
// (暗链), scripts from hosts outside the site and the allowlist, inline code with injection
// signatures — and what the home page shows a search engine's crawler only. The pipeline
// records these with the page; the site rules (rules/security.cc) judge them over the whole
// run, so that a block planted on every page is one finding with the number of pages.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "db/records.h"
#include "rules/rule.h"

namespace govaudit {

struct Page;

class SecurityInspector {
 public:
  // Reads the lexicon (config/security-lexicon.txt plus config.security_lexicon_path) and the
  // allowlist of hosts (config/security-allowlist.txt plus config.security_allowlist_path). Errors
  // name the file and the line.
  static StatusOr<SecurityInspector> Load(const RulesConfig& config);

  // True when any security.* rule is on: only then are link targets sampled and pages observed.
  static bool Wanted(const RulesConfig& config);

  // What the page an outbound link leads to showed: its title and the lexicon terms its title
  // or text holds, with their score and an excerpt around the first (masked).
  db::OutboundSample SampleTarget(const std::string& url, const Page& target) const;

  // What `page` (fetched as `url`) holds that the site rules judge: links to other sites that a
  // visitor cannot see, scripts from hosts outside the site and the allowlist, inline code with
  // injection signatures. Text is masked. The site is context.start_urls and extra_hosts.
  std::vector<db::PageObservation> ObservePage(const std::string& url, const Page& page,
                                               const RuleContext& context) const;

  // Links to other sites that the home page (`url`) shows a search engine's crawler
  // (`as_spider`, which ended at `spider_final_url`) and none of the visitor's views of it,
  // and a redirect to another site the crawler alone is sent.
  std::vector<db::PageObservation> ObserveCloaking(const std::string& url, const std::vector<const Page*>& as_visitor,
                                                   const Page& as_spider, const std::string& visitor_final_url,
                                                   const std::string& spider_final_url,
                                                   const RuleContext& context) const;

  struct Term {
    std::string text;  // lower case
    int weight = 0;
    std::string category;  // 赌博, 色情, 诈骗
  };
  const std::vector<Term>& lexicon() const { return lexicon_; }

  // True if `host` is on the allowlist: its scripts, hidden links and script redirects are not
  // reported.
  bool Allowed(const std::string& host) const;

 private:
  std::vector<Term> lexicon_;           // weightiest first
  std::vector<size_t> by_length_;       // lexicon_'s indices, longest term first
  std::vector<std::string> allowlist_;  // "host" or ".domain"
};

}  // namespace govaudit
