#include "classify/facts.h"

#include <nlohmann/json.hpp>

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
  return facts;
}

PageFacts PublicationFacts(const Page& page, const PageKinds& kinds, const KindConfig& config) {
  PageFacts f;
  const DisclosureMeta& m = page.meta;
  if (m.written_date) f.written_date = m.written_date->ToIso();
  f.issuer = m.issuer;
  f.source = m.source;
  if (m.has_validity_label) f.validity = m.validity;
  f.expiry = m.expiry_date ? m.expiry_date->ToIso() : m.expiry_date_text;
  f.column = kinds.column;
  f.policy_column = kinds.policy_column;
  f.needs_interpretation = kinds.needs_interpretation;
  f.needs_interpretation_if_listed = kinds.needs_interpretation_if_listed;
  const bool document = kinds.Has(kPolicyDocument);
  const bool interpretation = kinds.Has(kInterpretation);
  if (document || interpretation) f.norm_title = NormalizeTitle(page.title);
  if (document) {
    f.title_keys = DocumentTitleKeys(page.title);
    if (!m.doc_number.empty()) f.doc_number_norm = NormalizeDocNumber(m.doc_number);
    f.related = RelatedLinks(page, config.interpretation_link_labels);
  }
  if (interpretation) {
    f.related = RelatedLinks(page, config.document_link_labels);
    f.quoted_doc_numbers = QuotedDocNumbers(page.text);
  }
  return f;
}

}  // namespace govaudit
