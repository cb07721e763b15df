// citizen.*: errors reported by citizens through the national 我为政府网站找错 platform that
// `govaudit verify` re-checked on the live site and confirmed. No page rule runs here: the
// verify command judges each report (assess/citizen.h) and records a confirmed one as a finding
// of these rules, so that it is tracked like any other (history, triage, notices). Reports of
// inaccurate information and other problems always need a person (需人工核实): no rule.
//
// Requirement: 国办发〔2017〕47号《政府网站发展指引》: sites carry the 我为政府网站找错 entry and
// handle what citizens report; 卫政办发〔2022〕49号 四(四)（任务分工表第 33 项）：“规范做好‘我为
// 政府网站找错’网民留言办理答复”. The handling deadline is local (3 working days by default,
// `govaudit verify --deadline-workdays`).
#include "rules/internal/families.h"

namespace govaudit::internal {
namespace {

constexpr RuleSource kSource{
    "国办发〔2017〕47号《政府网站发展指引》（网民纠错）；卫政办发〔2022〕49号 四(四)：规范做好“我为政府网站找错”"
    "网民留言办理答复",
    "33"};

}  // namespace

void AddCitizenRules(RuleList* list) {
  list->extra_infos.push_back(
      kSource.Info("citizen.broken_link", Severity::kHigh, "网民报告的错链断链经复查属实（页面或其链接仍无法访问）"));
  list->extra_infos.push_back(
      kSource.Info("citizen.typo", Severity::kMedium, "网民报告的错别字经复查属实（页面仍含所报错误文字）"));
  list->extra_infos.push_back(
      kSource.Info("citizen.stale", Severity::kMedium, "网民报告的内容不更新经复查属实（栏目仍超过更新期限）"));
  list->extra_infos.push_back(
      kSource.Info("citizen.pii", Severity::kHigh, "网民报告的个人信息泄露经复查属实（页面或附件仍含未脱敏个人信息）"));
}

}  // namespace govaudit::internal
