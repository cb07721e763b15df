// The rule interface. A rule has a stable id ("family.name"), a severity, a one-line
// description and the requirement it enforces (document, clause, task number). Page rules
// see one fetched document; site rules run after the crawl over the store.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/date.h"
#include "common/finding.h"
#include "page/list_items.h"
#include "rules/rules_config.h"

namespace govaudit {

namespace db {
class Store;
}
struct Page;
struct AttachmentText;
class WorkdayCalendar;
struct PageKinds;
struct KindConfig;
struct IndicatorSettings;
struct SiteCheckConfig;

struct RuleInfo {
  std::string id;           // "link.broken"
  Severity severity = Severity::kMedium;
  std::string description;  // one line, Chinese or English
  std::string requirement;  // the rule it enforces: document and clause, short quote
  std::string task;         // task number(s) in the work points' task table, if one applies
};

// What a page rule sees: one fetched document, HTML (page) or attachment (attachment).
struct PageInput {
  std::string url;
  int status = 0;
  std::string content_type;
  const Page* page = nullptr;                  // HTML pages
  const AttachmentText* attachment = nullptr;  // attachments whose text could be read
  std::string kind;                            // page kind (policy_document, ...), may be empty
  std::string kind_reasons;
  const PageKinds* kinds = nullptr;            // the same, as classified (classify/page_kinds.h); may be null
  bool is_home = false;                        // one of the start URLs

  // The page's list items as of `as_of` (every page rule passes the run's): extracted once,
  // on the first rule's asking, however many rules read them. Requires `page`; a PageInput
  // serves one page (its answer is kept for the page it was asked for).
  const ListPage& ListItems(const Date& as_of) const {
    if (!list_items_ || list_items_->page != page || list_items_->as_of != as_of) {
      list_items_.emplace(ListItemsAnswer{page, as_of, ExtractListItems(*page, as_of)});
    }
    return list_items_->items;
  }
  struct ListItemsAnswer {
    const Page* page;
    Date as_of;
    ListPage items;
  };
  mutable std::optional<ListItemsAnswer> list_items_;
};

struct RuleContext {
  Date as_of;                                  // "today" for the audit (--as-of)
  const WorkdayCalendar* calendar = nullptr;
  const RulesConfig* config = nullptr;
  const KindConfig* kind_config = nullptr;     // page kinds and subsidy fields; null: built-in
  const IndicatorSettings* indicators = nullptr;  // config/indicators.toml with the run's overrides; null: built-in
  const SiteCheckConfig* site_checks = nullptr;   // config/site-checks.toml with the user's file; null: built-in
  std::vector<std::string> start_urls;
  std::vector<std::string> extra_hosts;        // the site's other hosts (CrawlOptions::extra_hosts)
};

class PageRule {
 public:
  virtual ~PageRule() = default;
  virtual const RuleInfo& info() const = 0;
  virtual void Check(const PageInput& input, const RuleContext& context, std::vector<Finding>* out) const = 0;
};

class SiteRule {
 public:
  virtual ~SiteRule() = default;
  virtual const RuleInfo& info() const = 0;
  virtual void Check(db::Store& store, int64_t run_id, const RuleContext& context,
                     std::vector<Finding>* out) const = 0;
};

// A rule that reports under one RuleInfo, fixed when it is made (most rules): the info and its
// accessor are written here once. `Base` is PageRule or SiteRule.
template <typename Base>
class OneInfoRule : public Base {
 public:
  explicit OneInfoRule(RuleInfo info) : info_(std::move(info)) {}
  const RuleInfo& info() const final { return info_; }

 protected:
  const RuleInfo info_;
};

// A family file may hold several rules that share a pass over the page; it registers each
// RuleInfo it can emit so that `govaudit rules` and the report list them all.
class RuleSet {
 public:
  // Every registered rule, with the settings in `config` applied (disabled rules left out).
  static RuleSet Build(const RulesConfig& config);
  // Every rule's info, whatever the settings (for `govaudit rules`).
  static std::vector<RuleInfo> AllInfos();
  // True if `id` names a registered rule or a rule family ("pii"), so settings that name a
  // misspelt id fail at once.
  static bool Knows(const std::string& id);

  void CheckPage(const PageInput& input, const RuleContext& context, std::vector<Finding>* out) const;
  void CheckSite(db::Store& store, int64_t run_id, const RuleContext& context, std::vector<Finding>* out) const;
  // Info of a rule id (defaults if unknown).
  RuleInfo InfoFor(const std::string& rule_id) const;

 private:
  void Adjust(std::vector<Finding>* out, size_t from) const;

  RulesConfig config_;
  std::vector<std::unique_ptr<PageRule>> page_rules_;
  std::vector<std::unique_ptr<SiteRule>> site_rules_;
  std::vector<RuleInfo> infos_;
};

}  // namespace govaudit
