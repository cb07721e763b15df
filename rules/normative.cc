// normative.*: 行政规范性文件 must show whether they are still in force, and their library must
// be browsable by issuing body, year and topic.
//
// Requirement: 卫政办发〔2022〕49号 二(四)：“集中发布的行政规范性文件要显著标识有效性或失效期，
// 并规范行政文件分类展示，分类方式至少包括发布机构、发布年份和文件主题等”（任务分工表第 16 项：
// 集中公开规范性文件并动态更新）。
//
// One page rule reads the page's metadata (有效性, 失效日期) or, on a library page, its text and
// links; which pages are normative documents or libraries is decided once by ClassifyPage.
#include <cctype>
#include <string>
#include <string_view>
#include <vector>

#include "rules/internal/families.h"
#include "page/page.h"
#include "classify/page_kinds.h"
#include "common/strings.h"

namespace govaudit::internal {
namespace {

constexpr RuleSource kSource{
    "卫政办发〔2022〕49号 二(四)：“集中发布的行政规范性文件要显著标识有效性或失效期，并规范行政文件分类展示，"
    "分类方式至少包括发布机构、发布年份和文件主题等”",
    "16"};

// The infos of the family's rules, built once.
struct NormativeInfos {
  RuleInfo validity_missing;
  RuleInfo validity_stale;
  RuleInfo classification_missing;
};

const NormativeInfos& Infos() {
  static const NormativeInfos infos{kSource.Info("normative.validity_missing", Severity::kMedium,
                                                 "行政规范性文件未标注有效性（有效、失效、废止等），也未标明失效日期"),
                                    kSource.Info("normative.validity_stale", Severity::kHigh,
                                                 "行政规范性文件所载失效日期已过，但仍标注“有效”或未标注失效"),
                                    kSource.Info("normative.classification_missing", Severity::kMedium,
                                                 "规范性文件库未提供按发布机构、发布年份、文件主题分类浏览")};
  return infos;
}

// A facet marker in the page's text or in a link's text. "年份：" also matches "年份:".
const std::string* FacetIn(const Page& page, const std::vector<std::string>& markers) {
  for (const std::string& marker : markers) {
    std::string ascii = marker;
    if (std::string_view(marker).ends_with("：")) ascii = marker.substr(0, marker.size() - 3) + ":";
    if (page.text.find(marker) != std::string::npos || page.text.find(ascii) != std::string::npos) return &marker;
    for (const PageLink& link : page.links) {
      if (link.anchor_text.find(marker) != std::string::npos) return &marker;
    }
  }
  return nullptr;
}

// A link whose text is a year: "2026", "2026年", "2026年度".
bool IsYearAnchor(std::string_view s) {
  s = TrimSpaces(s);
  if (s.size() < 4) return false;
  for (int i = 0; i < 4; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  if (!(s.starts_with("19") || s.starts_with("20"))) return false;
  std::string_view rest = s.substr(4);
  return rest.empty() || rest == "年" || rest == "年度";
}

// True if the URL's query names one of the view parameters (case-insensitive).
bool IsFilteredView(std::string_view url, const std::vector<std::string>& parameters) {
  size_t q = url.find('?');
  if (q == std::string_view::npos) return false;
  std::string_view query = url.substr(q + 1);
  if (size_t hash = query.find('#'); hash != std::string_view::npos) query = query.substr(0, hash);
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    std::string name(pair.substr(0, pair.find('=')));
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const std::string& p : parameters) {
      if (name == p) return true;
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return false;
}

bool ScriptMayWriteValidity(const Page& page) {
  for (const std::string& js : page.inline_scripts) {
    for (std::string_view label : {"效力状态", "有效性", "时效性"}) {
      if (js.find(label) != std::string::npos) return true;
    }
  }
  return false;
}

class NormativeRules : public PageRule {
 public:
  const RuleInfo& info() const override { return Infos().validity_missing; }

  void Check(const PageInput& input, const RuleContext& context, std::vector<Finding>* out) const override {
    if (input.page == nullptr) return;
    PageKinds storage;
    const PageKinds& kinds = KindsOf(input, context, &storage);
    const KindConfig& config = KindConfigOf(context);
    if (kinds.Has(kNormativeDocument)) CheckValidity(input, kinds, config, context, out);
    if (kinds.Has(kNormativeLibrary)) CheckLibrary(input, kinds, config, out);
  }

 private:
  static Finding Base(const RuleInfo& info, const PageInput& input, const PageKinds& kinds) {
    Finding f = NewFinding(info, input);
    f.page_kind_reasons = kinds.reasons;
    return f;
  }

  static void CheckValidity(const PageInput& input, const PageKinds& kinds, const KindConfig& config,
                            const RuleContext& context, std::vector<Finding>* out) {
    const DisclosureMeta& m = input.page->meta;
    const std::string_view validity = TrimSpaces(m.validity);
    const bool labelled = !validity.empty() && ContainsAny(validity, config.validity_values);
    const bool has_expiry = m.expiry_date.has_value() || !TrimSpaces(m.expiry_date_text).empty();
    if (!labelled && !has_expiry) {
      Finding f = Base(Infos().validity_missing, input, kinds);
      if (m.has_validity_label && validity.empty()) {
        f.message = "行政规范性文件的“有效性”一栏为空，也未标明失效日期";
        f.evidence = "有效性：（空）";
        f.evidence_key = "empty";
      } else if (m.has_validity_label) {
        f.message =
            "行政规范性文件的“有效性”为“" + std::string(validity) + "”，不是有效、失效、废止等状态，也未标明失效日期";
        f.evidence = "有效性：" + std::string(validity);
        f.evidence_key = "value:" + std::string(validity);
      } else {
        f.message = "行政规范性文件未标注有效性（有效、失效、废止等），也未标明失效日期";
        f.evidence = "页面元数据中无“有效性”“失效日期”";
        if (!m.doc_number.empty()) f.evidence += "（文号：" + m.doc_number + "）";
        f.evidence_key = "none";
      }
      f.location = "元数据";
      out->push_back(std::move(f));
    }
    // Stale: the document's own expiry date has passed while the page still says valid, or says
    // nothing (a template without a validity row): either way a reader takes it to be in force.
    // A page whose script writes a validity from its data (效力状态 from window._CONFIG) may
    // say 失效 in a browser: unlabelled, it is not called stale then.
    bool valid = false;
    for (const std::string& v : config.valid_values) valid = valid || validity == v;
    const bool expired = m.expiry_date && *m.expiry_date < context.as_of;
    // The scripts are searched only for an expired document: most have no expiry, or a future one.
    if (expired && (valid || (validity.empty() && !ScriptMayWriteValidity(*input.page)))) {
      Finding f = Base(Infos().validity_stale, input, kinds);
      const std::string passed = "失效日期 " + m.expiry_date->ToIso() + " 早于检查日 " + context.as_of.ToIso();
      if (valid) {
        f.message = "标注为“" + std::string(validity) + "”，但" + passed + "，有效性标识未及时更新";
      } else {
        f.message = "未标注有效性，所载" + passed + "，页面未标注“失效”";
      }
      f.evidence = "有效性：" + (valid ? std::string(validity) : std::string("（未标注）")) + "；失效日期：" +
                   m.expiry_date_text;
      f.highlight = m.expiry_date_text;
      f.evidence_key = m.expiry_date->ToIso();
      f.location = "元数据";
      out->push_back(std::move(f));
    }
  }

  static void CheckLibrary(const PageInput& input, const PageKinds& kinds, const KindConfig& config,
                           std::vector<Finding>* out) {
    // A list filled by script shows neither documents nor facets to us; what a browser would
    // show is unknown, so the page is not judged.
    if (kinds.dated_links == 0) return;
    if (IsFilteredView(input.url, config.library_view_parameters)) return;
    const Page& page = *input.page;
    std::vector<std::string> present, missing;
    auto check = [&](const char* name, const std::string* marker) {
      if (marker != nullptr) {
        present.push_back(std::string(name) + "（" + *marker + "）");
      } else {
        missing.push_back(name);
      }
    };
    check("发布机构", FacetIn(page, config.issuer_facets));
    const std::string* year = FacetIn(page, config.year_facets);
    int year_links = 0;
    for (const PageLink& link : page.links) year_links += IsYearAnchor(link.anchor_text) ? 1 : 0;
    static const std::string kYearLinks = "年份链接";
    check("发布年份", year != nullptr ? year : year_links >= 2 ? &kYearLinks : nullptr);
    check("文件主题", FacetIn(page, config.topic_facets));
    if (missing.empty()) return;
    Finding f = Base(Infos().classification_missing, input, kinds);
    std::string names;
    for (const std::string& n : missing) names += (names.empty() ? "" : "、") + n;
    f.message = "规范性文件库未提供按" + names + "分类浏览（要求至少按发布机构、发布年份、文件主题分类展示）";
    std::string have;
    for (const std::string& p : present) have += (have.empty() ? "" : "、") + p;
    f.evidence = have.empty() ? "页面中未见任何分类导航" : "已有分类：" + have;
    f.evidence_key = names;
    f.location = "分类导航";
    out->push_back(std::move(f));
  }
};

}  // namespace

void AddNormativeRules(RuleList* list) {
  list->page.push_back(std::make_unique<NormativeRules>());
  list->extra_infos.push_back(Infos().validity_stale);
  list->extra_infos.push_back(Infos().classification_missing);
}

}  // namespace govaudit::internal
