// site.identity_missing: the home page does not show who runs the site and under which
// registrations; meta.missing: an article page lacks the standard metadata tags.
//
// Requirement: 国办发〔2017〕47号《政府网站发展指引》 asks every government website to show,
// in its page footer, the 党政机关网站标识, the 政府网站标识码, the ICP 备案编号, the 公安机关
// 备案标识 and the 主办单位; 国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》 checks them.
// The 标识码 is written in three places (the footer, <meta name="SiteIDCode">, the 找错 badge);
// they must agree. The same documents describe the standard meta tags of article pages
// (SiteName, SiteDomain, SiteIDCode, ColumnName, ArticleTitle, PubDate, ContentSource).
//
// Footers are not marked up the same way by any two CMSs, and these labels appear nowhere but
// in a footer, so the whole visible text and the text inline scripts write are searched.
#include <strings.h>

#include <algorithm>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/url.h"
#include "rules/internal/families.h"
#include "page/list_items.h"
#include "page/page.h"

namespace govaudit::internal {
namespace {

constexpr const char* kIdentityRequirement =
    "国办发〔2017〕47号《政府网站发展指引》：网站页面底部应列明党政机关网站标识、政府网站标识码、ICP备案编号、"
    "公安机关备案标识和网站主办单位；国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》";
constexpr const char* kMetaRequirement =
    "国办发〔2017〕47号《政府网站发展指引》及国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》：文章页应按规范"
    "设置网站名称、网站域名、网站标识码、栏目名称、文章标题、发布时间、信息来源等元数据（SiteName、SiteDomain、"
    "SiteIDCode、ColumnName、ArticleTitle、PubDate、ContentSource）";

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlnum(char c) { return IsDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Skips spaces, colons and the characters a label may end with before its value.
size_t SkipLabelTail(std::string_view s, size_t i) {
  for (;;) {
    if (i < s.size() && (s[i] == ' ' || s[i] == ':' || s[i] == '\t')) {
      ++i;
      continue;
    }
    bool matched = false;
    for (std::string_view tail : {"：", "号", "为"}) {
      if (s.compare(i, tail.size(), tail) == 0) {
        i += tail.size();
        matched = true;
        break;
      }
    }
    if (!matched) return i;
  }
}

// The value after the first of `labels` that is followed by a run of at least `min_digits`
// digits (within a few characters), as written up to the run's end and a closing 号.
struct Registration {
  bool found = false;
  std::string text;  // "晋ICP备12000773号"
};

// Up to one CJK character (the province abbreviation) before the label.
size_t PrefixStart(std::string_view s, size_t at) {
  if (at >= 3 && (static_cast<unsigned char>(s[at - 3]) & 0xF0) == 0xE0) return at - 3;
  return at;
}

Registration FindRegistration(std::string_view text, std::initializer_list<std::string_view> labels, size_t min_digits) {
  for (std::string_view label : labels) {
    for (size_t at = text.find(label); at != std::string_view::npos; at = text.find(label, at + 1)) {
      size_t i = SkipLabelTail(text, at + label.size());
      size_t digits = 0, end = i;
      while (end < text.size() && (IsDigit(text[end]) || text[end] == '-')) digits += IsDigit(text[end++]);
      if (digits < min_digits) continue;
      if (text.compare(end, 3, "号") == 0) end += 3;
      size_t start = PrefixStart(text, at);
      return {true, std::string(text.substr(start, end - start))};
    }
  }
  return {};
}

struct SiteCode {
  bool label = false;  // a 标识码 label was written
  std::string value;   // its 10-character value, if well formed
  std::string written; // what follows the label, for the message when malformed
};

SiteCode FindSiteCode(std::string_view text) {
  SiteCode code;
  constexpr std::string_view kLabel = "标识码";
  for (size_t at = text.find(kLabel); at != std::string_view::npos; at = text.find(kLabel, at + 1)) {
    code.label = true;
    size_t i = SkipLabelTail(text, at + kLabel.size());
    size_t end = i;
    while (end < text.size() && IsAlnum(text[end])) ++end;
    if (end - i == 10) {
      code.value = std::string(text.substr(i, 10));
      return code;
    }
    if (code.written.empty()) code.written = std::string(text.substr(i, std::min<size_t>(end - i, 20)));
  }
  return code;
}

bool Contains(std::string_view haystack, std::string_view needle) { return haystack.find(needle) != std::string_view::npos; }

bool HostEndsWith(const std::string& url, std::string_view suffix) {
  std::optional<Url> u = ParseUrl(url);
  if (!u) return false;
  const std::string& h = u->host;
  return h.size() >= suffix.size() && h.compare(h.size() - suffix.size(), suffix.size(), suffix) == 0 &&
         (h.size() == suffix.size() || h[h.size() - suffix.size() - 1] == '.');
}

// The 党政机关网站标识 (conac) badge: its script (dcs.conac.cn), its verification link
// (bszs.conac.cn), or a link or image that names it.
std::string ConacBadge(const Page& page) {
  for (const std::string& src : page.script_srcs) {
    if (HostEndsWith(src, "conac.cn")) return src;
  }
  for (const PageLink& link : page.links) {
    if (HostEndsWith(link.url, "conac.cn")) return link.url;
    if (Contains(link.anchor_text, "党政机关") || Contains(link.title_attr, "党政机关")) return link.anchor_text;
  }
  return "";
}

// The site code the 找错 badge carries: <script id="_jiucuo_" sitecode=...> or a link to the
// 找错 page with site_code=... in its query.
std::string JiucuoSiteCode(const Page& page) {
  if (!page.jiucuo_site_code.empty()) return page.jiucuo_site_code;
  for (const PageLink& link : page.links) {
    if (!Contains(link.url, "jiucuo")) continue;
    std::optional<Url> u = ParseUrl(link.url);
    if (!u) continue;
    std::string_view q(u->query);
    for (std::string_view key : {"site_code=", "sitecode=", "siteCode="}) {
      size_t at = q.find(key);
      if (at == std::string_view::npos || (at > 0 && q[at - 1] != '&')) continue;
      std::string_view value = q.substr(at + key.size());
      return std::string(value.substr(0, value.find('&')));
    }
  }
  return "";
}

class IdentityRule : public OneInfoRule<PageRule> {
 public:
  IdentityRule()
      : OneInfoRule(
            MakeRuleInfo("site.identity_missing", Severity::kMedium,
                         "首页底部缺少网站标识信息（网站标识码、ICP备案编号、公安机关备案号、党政机关网站标识、主办单"
                         "位）或标识码不一致",
                         kIdentityRequirement)) {}

  void Check(const PageInput& input, const RuleContext& /*context*/, std::vector<Finding>* out) const override {
    if (input.page == nullptr || !input.is_home) return;
    const Page& page = *input.page;
    const std::string text = page.text + "\n" + page.script_written_text;

    std::vector<std::string> missing, found;
    const SiteCode code = FindSiteCode(text);
    if (!code.value.empty()) {
      found.push_back("网站标识码：" + code.value);
    } else if (code.label) {
      missing.push_back("网站标识码（应为 10 位，页面写作“" + code.written + "”）");
    } else {
      missing.push_back("网站标识码");
    }
    const Registration icp = FindRegistration(text, {"ICP备", "ICP 备"}, 6);
    if (icp.found) {
      found.push_back("ICP备案编号：" + icp.text);
    } else {
      missing.push_back("ICP备案编号");
    }
    const Registration police =
        FindRegistration(text, {"公网安备", "公安网备", "公安机关备案", "公安备案", "网安备"}, 8);
    if (police.found) {
      found.push_back("公安机关备案号：" + police.text);
    } else {
      missing.push_back("公安机关备案号");
    }
    const std::string badge = ConacBadge(page);
    if (!badge.empty()) {
      found.push_back("党政机关网站标识：" + badge);
    } else {
      missing.push_back("党政机关网站标识");
    }
    const std::string sponsor = Sponsor(text);
    if (!sponsor.empty()) {
      found.push_back("主办单位：" + sponsor);
    } else {
      missing.push_back("主办单位");
    }

    // The 标识码 in the footer, the SiteIDCode meta tag and the 找错 badge must agree.
    std::vector<std::pair<std::string, std::string>> codes;  // where, value
    if (!code.value.empty()) codes.emplace_back("页面底部", code.value);
    if (!page.meta.site_id_code.empty()) codes.emplace_back("SiteIDCode 元数据", page.meta.site_id_code);
    const std::string jiucuo = JiucuoSiteCode(page);
    if (!jiucuo.empty()) codes.emplace_back("找错", jiucuo);
    bool disagree = false;
    for (const auto& c : codes) disagree |= c.second != codes.front().second;

    if (missing.empty() && !disagree) return;
    Finding f;
    f.rule_id = info_.id;
    f.severity = info_.severity;
    f.url = input.url;
    f.title = page.title;
    std::vector<std::string> parts, key;
    if (!missing.empty()) {
      parts.push_back("首页底部缺少" + Join(missing, "、"));
      for (const std::string& m : missing) key.push_back(m.substr(0, m.find("（")));
    }
    if (disagree) {
      std::vector<std::string> values;
      for (const auto& [where, value] : codes) {
        values.push_back(where + " " + value);
        key.push_back(where + "=" + value);
      }
      parts.push_back("网站标识码不一致：" + Join(values, "，"));
    }
    f.message = Join(parts, "；");
    f.evidence = found.empty() ? "首页未找到任何网站标识信息" : "已找到：" + Join(found, "；");
    f.evidence_key = Join(key, "|");
    out->push_back(std::move(f));
  }

 private:
  // The 主办单位 as written: "主办单位：X", "主办：X", "X（主办）".
  static std::string Sponsor(std::string_view text) {
    for (std::string_view label : {"主办单位", "主办：", "主办:", "主办机关"}) {
      size_t at = text.find(label);
      if (at == std::string_view::npos) continue;
      size_t i = SkipLabelTail(text, at + label.size());
      size_t end = i;
      while (end < text.size() && text[end] != '\n' && text[end] != '\t' && text[end] != ' ' && end - i < 90) ++end;
      if (end > i) return std::string(text.substr(i, end - i));
    }
    for (std::string_view label : {"（主办）", "(主办)"}) {
      size_t at = text.find(label);
      if (at == std::string_view::npos) continue;
      size_t start = at;
      while (start > 0 && text[start - 1] != '\n' && text[start - 1] != '\t' && text[start - 1] != ' ' &&
             at - start < 90) {
        --start;
      }
      if (start < at) return std::string(text.substr(start, at - start));
    }
    return "";
  }
};

constexpr const char* kStandardMeta[] = {"SiteName", "SiteDomain", "SiteIDCode", "ColumnName",
                                          "ArticleTitle", "PubDate", "ContentSource"};
// An article has a body: at least this many characters of text.
constexpr size_t kArticleMinChars = 100;

class MetaRule : public OneInfoRule<PageRule> {
 public:
  MetaRule()
      : OneInfoRule(
            MakeRuleInfo("meta.missing", Severity::kLow,
                         "文章页缺少标准元数据（SiteName、SiteDomain、SiteIDCode、ColumnName、ArticleTitle、PubDate、"
                         "ContentSource）",
                         kMetaRequirement)) {}

  void Check(const PageInput& input, const RuleContext& context, std::vector<Finding>* out) const override {
    const Page* page = input.page;
    if (page == nullptr || input.is_home || !page->meta.publish_date) return;
    size_t chars = 0;
    for (size_t i = 0; i < page->text.size() && chars < kArticleMinChars; ++i) {
      chars += (static_cast<unsigned char>(page->text[i]) & 0xC0) != 0x80;
    }
    if (chars < kArticleMinChars) return;
    if (IsListPage(*page, input.ListItems(context.as_of))) return;
    std::vector<std::string> missing;
    for (const char* name : kStandardMeta) {
      bool present = false;
      for (const auto& [tag, content] : page->meta_tags) {
        if (strcasecmp(tag.c_str(), name) == 0 && content.find_first_not_of(" \t\r\n") != std::string::npos) {
          present = true;
        }
      }
      if (!present) missing.push_back(name);
    }
    if (missing.empty()) return;
    Finding f;
    f.rule_id = info_.id;
    f.severity = info_.severity;
    f.url = input.url;
    f.title = page->title;
    f.message = "文章页缺少 " + std::to_string(missing.size()) + " 项标准元数据：" + Join(missing, "、");
    f.evidence = "缺少 <meta name=\"" + Join(missing, "\">、<meta name=\"") + "\">";
    f.evidence_key = Join(missing, ",");
    out->push_back(std::move(f));
  }
};

}  // namespace

void AddIdentityRules(RuleList* list) {
  list->page.push_back(std::make_unique<IdentityRule>());
  list->page.push_back(std::make_unique<MetaRule>());
}

}  // namespace govaudit::internal
