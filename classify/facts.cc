#include "classify/facts.h"

#include <nlohmann/json.hpp>

#include "common/strings.h"

namespace govaudit {
namespace {

std::vector<std::string> StringsAt(const nlohmann::json& j, const char* key) {
  std::vector<std::string> out;
  auto it = j.find(key);
  if (it == j.end() || !it->is_array()) return out;
  for (const auto& v : *it) {
    if (v.is_string()) out.push_back(v.get<std::string>());
  }
  return out;
}

}  // namespace

std::string PageFacts::ToJson() const {
  nlohmann::json f = nlohmann::json::object();
  if (!redirects.empty()) f["redirects"] = redirects;
  if (attempts > 1) f["attempts"] = attempts;
  if (not_modified) f["not_modified"] = true;
  if (!issuer.empty()) f["issuer"] = issuer;
  if (!source.empty()) f["source"] = source;
  if (validity) f["validity"] = *validity;
  if (!expiry.empty()) f["expiry"] = expiry;
  if (needs_interpretation) f["needs_interpretation"] = true;
  if (needs_interpretation_if_listed) f["needs_interpretation_if_listed"] = true;
  if (!norm_title.empty()) f["norm_title"] = norm_title;
  if (!title_keys.empty()) f["title_keys"] = title_keys;
  if (!doc_number_norm.empty()) f["doc_number_norm"] = doc_number_norm;
  if (!related.empty()) {
    nlohmann::json list = nlohmann::json::array();
    for (const RelatedLink& r : related) list.push_back({{"url", r.url}, {"label", r.label}});
    f["related"] = std::move(list);
  }
  if (!quoted_doc_numbers.empty()) f["quoted_doc_numbers"] = quoted_doc_numbers;
  if (!quoted_titles.empty()) f["quoted_titles"] = quoted_titles;
  if (!interpretation_forms.empty()) f["interpretation_forms"] = interpretation_forms;
  if (!listed_interpretations.empty()) {
    nlohmann::json list = nlohmann::json::array();
    for (const ListedInterpretation& l : listed_interpretations) {
      list.push_back({{"document", l.document_url}, {"url", l.url}, {"label", l.label}});
    }
    f["listed_interpretations"] = std::move(list);
  }
  return f.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

PageFacts PageFacts::FromJson(std::string_view json) {
  PageFacts facts;
  nlohmann::json f = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (!f.is_object()) return facts;
  facts.redirects = StringsAt(f, "redirects");
  facts.attempts = f.value("attempts", 1);
  facts.not_modified = f.value("not_modified", false);
  facts.issuer = f.value("issuer", "");
  facts.source = f.value("source", "");
  if (f.contains("validity") && f["validity"].is_string()) facts.validity = f["validity"].get<std::string>();
  facts.expiry = f.value("expiry", "");
  facts.needs_interpretation = f.value("needs_interpretation", false);
  facts.needs_interpretation_if_listed = f.value("needs_interpretation_if_listed", false);
  facts.norm_title = f.value("norm_title", "");
  facts.title_keys = StringsAt(f, "title_keys");
  facts.doc_number_norm = f.value("doc_number_norm", "");
  if (auto it = f.find("related"); it != f.end() && it->is_array()) {
    for (const auto& r : *it) {
      if (r.is_object()) facts.related.push_back({r.value("url", ""), r.value("label", "")});
    }
  }
  facts.quoted_doc_numbers = StringsAt(f, "quoted_doc_numbers");
  facts.quoted_titles = StringsAt(f, "quoted_titles");
  facts.interpretation_forms = StringsAt(f, "interpretation_forms");
  if (auto it = f.find("listed_interpretations"); it != f.end() && it->is_array()) {
    for (const auto& l : *it) {
      if (l.is_object()) {
        facts.listed_interpretations.push_back({l.value("document", ""), l.value("url", ""), l.value("label", "")});
      }
    }
  }
  return facts;
}

namespace {

// The forms an interpretation takes (一文多解): by its title's words and what the page holds.
std::vector<std::string> InterpretationForms(const Page& page) {
  auto has = [&](std::initializer_list<std::string_view> words) {
    for (std::string_view w : words) {
      if (page.title.find(w) != std::string::npos) return true;
    }
    return false;
  };
  std::vector<std::string> forms;
  // "图文解读": pictures and text on one page.
  const bool pictures_and_text = has({"图文"});
  if (pictures_and_text || has({"图解", "一图读懂", "一图看懂", "一图了解", "图说", "漫画", "长图", "海报"})) {
    forms.push_back("图解");
  }
  if (has({"视频", "微视频", "动漫", "动画"}) || page.videos > 0) forms.push_back("视频");
  if (has({"音频", "广播", "播客"}) || page.audios > 0) forms.push_back("音频");
  // Questions that open a line ("问：…", indented or not) and are answered ("答：").
  int questions = 0;
  bool answered = false;
  std::string_view text = page.text;
  for (size_t start = 0; start < text.size() && questions < 3;) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = TrimSpaces(text.substr(start, end - start));
    if (line.starts_with("问：") || line.starts_with("问:")) ++questions;
    answered = answered || line.starts_with("答：") || line.find("答：") != std::string_view::npos;
    start = end + 1;
  }
  if (has({"问答", "答记者问", "问与答", "答问", "一问一答", "百问", "Q&A", "热点问题"}) || questions >= 3 ||
      (questions >= 1 && answered)) {
    forms.push_back("问答");
  }
  if (pictures_and_text) forms.push_back("文字");
  if (forms.empty()) forms.push_back("文字");
  return forms;
}

}  // namespace

PageFacts PublicationFacts(const Page& page, const PageKinds& kinds, const KindConfig& config) {
  PageFacts f;
  const DisclosureMeta& m = page.meta;
  const bool document = kinds.Has(kPolicyDocument);
  const bool interpretation = kinds.Has(kInterpretation);
  const bool normative = kinds.Has(kNormativeDocument);
  // A signature stands in for labels the page lacks: its body signs it and dates it. Documents,
  // notices (公示, 公告) and subsidy lists are signed that way; news and interpretations are not
  // (an editor's line and a date under an article are no signature).
  if (m.written_date) {
    f.written_date = m.written_date->ToIso();
  } else if ((document || kinds.Has(kNotice) || kinds.Has(kSubsidyList)) && m.signed_date) {
    f.written_date = m.signed_date->ToIso();
  }
  f.issuer = !m.issuer.empty() ? m.issuer : (document && !m.signer.empty()) ? m.signer : m.source;
  // A 废止 notice is a document's; a list quoting one (an item titled 【已废止】…) states nothing.
  if (m.has_validity_label || (document && !m.status_notice.empty())) f.validity = m.validity;
  // Validity periods matter for normative documents; a policy document's 有效期 is its own affair.
  if (normative) f.expiry = m.expiry_date ? m.expiry_date->ToIso() : m.expiry_date_text;
  f.source = m.source;
  f.column = kinds.column;
  f.policy_column = kinds.policy_column;
  f.needs_interpretation = kinds.needs_interpretation;
  f.needs_interpretation_if_listed = kinds.needs_interpretation_if_listed;
  if (document || interpretation) f.norm_title = NormalizeTitle(page.title);
  if (document) {
    f.title_keys = DocumentTitleKeys(page.title);
    if (!m.doc_number.empty()) f.doc_number_norm = NormalizeDocNumber(m.doc_number);
    f.related = RelatedLinks(page, config.interpretation_link_labels);
  }
  if (interpretation) {
    f.related = RelatedLinks(page, config.document_link_labels);
    f.quoted_doc_numbers = QuotedDocNumbers(page.text);
    f.quoted_titles = QuotedTitles(page.text);
    f.interpretation_forms = InterpretationForms(page);
  }
  if (kinds.Has(kColumnList)) f.listed_interpretations = ListedInterpretations(page, config.interpretation_list_tags);
  return f;
}

}  // namespace govaudit
