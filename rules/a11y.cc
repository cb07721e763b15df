// a11y.*: what a crawler can decide about accessibility and age-friendliness (适老化与无障碍):
// images without alt text, no page language, no <title>, form fields without labels, links
// without text. One finding per page and rule, with the count.
//
// Requirement: 卫政办发〔2022〕49号 四(四)：完善适老化与无障碍阅读功能（任务 33）；
// 国办发〔2017〕47号《政府网站发展指引》 asks for sites usable by everyone, including the
// elderly and people with disabilities; the checks follow GB/T 37668-2019《信息技术 互联网内容
// 无障碍可访问性技术要求与测试方法》 (text alternatives, page language, page titles, labels,
// link purpose) as 工信部《互联网网站适老化通用设计规范》 applies them.
#include <string>
#include <vector>

#include "rules/internal/families.h"
#include "page/page.h"

namespace govaudit::internal {
namespace {

constexpr RuleSource kSource{
    "卫政办发〔2022〕49号 四(四)：完善适老化与无障碍阅读功能；国办发〔2017〕47号《政府网站发展指引》；"
    "GB/T 37668-2019《信息技术 互联网内容无障碍可访问性技术要求与测试方法》",
    "33"};

struct A11yCheck {
  const char* id;
  const char* description;
  // The count of defects on the page (0: none), and the message for it.
  int (*count)(const Page&);
  std::string (*message)(int);
};

const A11yCheck kChecks[] = {
    {"a11y.img_alt", "图片缺少替代文本（alt），读屏软件无法朗读",
     [](const Page& p) { return p.images_without_alt; },
     [](int n) { return std::to_string(n) + " 张图片缺少替代文本（alt 属性），读屏软件无法说明图片内容"; }},
    {"a11y.lang", "页面未声明语言（<html lang>），读屏软件无法选择朗读语言",
     [](const Page& p) { return p.lang.empty() ? 1 : 0; },
     [](int) { return std::string("页面未声明语言（<html lang=\"zh-CN\">），读屏软件可能用错误的语言朗读"); }},
    {"a11y.title", "页面缺少标题（<title>）",
     [](const Page& p) { return p.html_title.empty() ? 1 : 0; },
     [](int) { return std::string("页面缺少标题（<title> 为空或不存在），浏览器标签页和读屏软件无法说明页面"); }},
    {"a11y.form_label", "表单输入框没有标签（label、aria-label 或 title）",
     [](const Page& p) { return p.form_fields_without_label; },
     [](int n) { return std::to_string(n) + " 个表单输入框没有标签（<label>、aria-label 或 title），读屏用户不知道应填写什么"; }},
    {"a11y.link_text", "链接没有文字（图片链接无 alt、空链接）",
     [](const Page& p) { return p.links_without_text; },
     [](int n) { return std::to_string(n) + " 个链接没有文字说明（无文字、图片无 alt 且无 title），读屏用户无法知道链接去向"; }},
};

class A11yRule : public OneInfoRule<PageRule> {
 public:
  explicit A11yRule(const A11yCheck& check)
      : OneInfoRule(kSource.Info(check.id, Severity::kLow, check.description)), check_(check) {}

  void Check(const PageInput& input, const RuleContext& /*context*/, std::vector<Finding>* out) const override {
    if (input.page == nullptr) return;
    const int n = check_.count(*input.page);
    if (n == 0) return;
    Finding f;
    f.rule_id = info_.id;
    f.severity = info_.severity;
    f.url = input.url;
    f.title = input.page->title;
    f.message = check_.message(n);
    if (info_.id == "a11y.lang") {
      f.evidence = "<html> 未设置 lang 属性";
    } else if (info_.id == "a11y.title") {
      f.evidence = "<title> 为空或不存在";
    } else {
      f.evidence = "数量：" + std::to_string(n);
    }
    // The count changes as pages are edited; the defect is the page's.
    f.evidence_key = "";
    out->push_back(std::move(f));
  }

 private:
  const A11yCheck& check_;
};

}  // namespace

void AddA11yRules(RuleList* list) {
  for (const A11yCheck& check : kChecks) list->page.push_back(std::make_unique<A11yRule>(check));
}

}  // namespace govaudit::internal
