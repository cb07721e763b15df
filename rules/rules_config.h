// Settings of the rules a user may change in the configuration file. Plain values with
// defaults; only app/ reads files into it.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/finding.h"

namespace govaudit {

struct RuleSetting {
  bool enabled = true;
  std::optional<Severity> severity;  // overrides the rule's default
};

struct RulesConfig {
  std::map<std::string, RuleSetting> rules;  // by rule id or family ("pii")
  // Interpretation must be online within this many working days of its document. Default: 3.
  int interpretation_workdays = 3;
  // A page-kinds file (see config/page-kinds.toml) read over the built-in one. Default: none.
  std::string page_kinds_path;
  // A subsidy-fields file replacing config/subsidy-fields.toml. Default: none.
  std::string subsidy_fields_path;
  // National inspection indicators (国办秘函〔2019〕19号). 0 keeps config/indicators.toml.
  int column_news_days = 0;         // 动态、要闻类栏目 update limit, days. Default: 14
  int column_notice_months = 0;     // 通知公告、政策文件类栏目, months. Default: 6
  int column_personnel_months = 0;  // 人事、规划类栏目, months. Default: 12
  int home_stale_days = 0;          // the home page must show an item this recent. Default: 14
  // More serious errors (wrong<TAB>right<TAB>note lines, # comments) added to
  // config/serious-typos.txt. Default: none.
  std::string serious_typos_path;
  // A site-checks file (availability, message boards, service guides, template roll-up) read
  // over config/site-checks.toml. Default: none.
  std::string site_checks_path;
  // security.hijacked_link: a link target whose lexicon score (config/security-lexicon.txt)
  // reaches this is reported. 0 keeps the default. Default: 10
  int security_lexicon_score = 0;
  // More lexicon terms (term<TAB>weight<TAB>category; weight 0 removes a built-in term), read
  // over config/security-lexicon.txt. Default: none.
  std::string security_lexicon_path;
  // More hosts whose scripts, hidden links and script redirects are not reported (one a line),
  // added to config/security-allowlist.txt. Default: none.
  std::string security_allowlist_path;
};

}  // namespace govaudit
