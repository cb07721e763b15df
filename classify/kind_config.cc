// The page-kinds configuration: config/page-kinds.toml and config/subsidy-fields.toml compiled
// in, a user's files read over them.
#include <algorithm>

#include "classify/page_kinds.h"
#include "common/files.h"
#include "common/toml.h"
#include "config/resources.h"

namespace govaudit {
namespace {

constexpr const char* kHint = " (see config/page-kinds.toml)";

using SectionReader = Status (*)(TomlReader&, KindConfig*);

Status ReadColumns(TomlReader& r, KindConfig* c) { return r.Pairs("url_paths", &c->url_columns, "[\"/path/\", \"栏目\"]"); }

Status ReadPolicy(TomlReader& r, KindConfig* c) {
  RETURN_IF_ERROR(r.Strings("doc_number_patterns", &c->doc_number_patterns));
  RETURN_IF_ERROR(r.Strings("columns", &c->policy_columns));
  RETURN_IF_ERROR(r.Strings("issuers", &c->policy_issuers));
  return r.Strings("title_markers", &c->document_title_markers);
}

Status ReadRequired(TomlReader& r, KindConfig* c) {
  RETURN_IF_ERROR(r.Strings("doc_number_patterns", &c->required_doc_number_patterns));
  RETURN_IF_ERROR(r.Bool("normative", &c->required_normative));
  return r.Bool("in_policy_column", &c->required_in_policy_column);
}

Status ReadInterpretation(TomlReader& r, KindConfig* c) {
  RETURN_IF_ERROR(r.Strings("title_markers", &c->interpretation_title_markers));
  RETURN_IF_ERROR(r.Strings("columns", &c->interpretation_columns));
  RETURN_IF_ERROR(r.Strings("interpretation_link_labels", &c->interpretation_link_labels));
  RETURN_IF_ERROR(r.Strings("document_link_labels", &c->document_link_labels));
  RETURN_IF_ERROR(r.Strings("list_tags", &c->interpretation_list_tags));
  auto required = r.Table("required");
  if (!required.ok()) return required.status();
  if (*required != nullptr) {
    TomlReader sub = r.Sub(**required, "required");
    RETURN_IF_ERROR(ReadRequired(sub, c));
    RETURN_IF_ERROR(sub.CheckUnknown());
  }
  return Status::Ok();
}

Status ReadNormative(TomlReader& r, KindConfig* c) {
  RETURN_IF_ERROR(r.Strings("columns", &c->normative_columns));
  RETURN_IF_ERROR(r.Strings("doc_number_patterns", &c->normative_doc_number_patterns));
  RETURN_IF_ERROR(r.Strings("metadata_markers", &c->normative_metadata_markers));
  RETURN_IF_ERROR(r.Strings("validity_values", &c->validity_values));
  return r.Strings("valid_values", &c->valid_values);
}

Status ReadLibrary(TomlReader& r, KindConfig* c) {
  RETURN_IF_ERROR(r.Strings("markers", &c->library_markers));
  RETURN_IF_ERROR(r.Strings("issuer_facets", &c->issuer_facets));
  RETURN_IF_ERROR(r.Strings("year_facets", &c->year_facets));
  RETURN_IF_ERROR(r.Strings("topic_facets", &c->topic_facets));
  return r.Strings("view_parameters", &c->library_view_parameters);
}

Status ReadSubsidy(TomlReader& r, KindConfig* c) {
  RETURN_IF_ERROR(r.Strings("markers", &c->subsidy_markers));
  return r.Int("min_fields", &c->subsidy_min_fields, 1, 20);
}

Status ReadNotice(TomlReader& r, KindConfig* c) {
  RETURN_IF_ERROR(r.Strings("columns", &c->notice_columns));
  return r.Strings("title_markers", &c->notice_title_markers);
}

Status ReadNews(TomlReader& r, KindConfig* c) { return r.Strings("columns", &c->news_columns); }

Status ReadList(TomlReader& r, KindConfig* c) { return r.Int("min_dated_links", &c->list_min_dated_links, 1, 1000); }

Status ReadKindsInto(std::string_view text, std::string_view name, KindConfig* config) {
  ASSIGN_OR_RETURN(toml::table root, ParseToml(text, name));
  TomlReader top(root, std::string(name), "", kHint);
  const std::pair<const char*, SectionReader> sections[] = {
      {"columns", ReadColumns},
      {"policy_document", ReadPolicy},
      {"interpretation", ReadInterpretation},
      {"normative_document", ReadNormative},
      {"normative_library", ReadLibrary},
      {"subsidy_list", ReadSubsidy},
      {"notice", ReadNotice},
      {"news", ReadNews},
      {"column_list", ReadList},
  };
  for (const auto& [key, read] : sections) {
    RETURN_IF_ERROR(top.Section(key, [read = read, config](TomlReader& r) { return read(r, config); }));
  }
  return top.CheckUnknown();
}

Status ReadFieldsInto(std::string_view text, std::string_view name, KindConfig* config) {
  ASSIGN_OR_RETURN(toml::table root, ParseToml(text, name));
  const toml::node* fields = root.get("field");
  if (fields == nullptr || !fields->is_array_of_tables()) {
    return Status::Error(std::string(name) + ": expected [[field]] tables with name and synonyms");
  }
  std::vector<SubsidyField> out;
  int index = 0;
  for (const toml::node& node : *fields->as_array()) {
    TomlReader r(*node.as_table(), std::string(name), "field[" + std::to_string(index++) + "].", kHint);
    SubsidyField field;
    RETURN_IF_ERROR(r.String("name", &field.name));
    if (field.name.empty()) return r.Error(node, "name", "each field needs a name");
    RETURN_IF_ERROR(r.Strings("synonyms", &field.synonyms));
    RETURN_IF_ERROR(r.CheckUnknown());
    if (std::find(field.synonyms.begin(), field.synonyms.end(), field.name) == field.synonyms.end()) {
      field.synonyms.insert(field.synonyms.begin(), field.name);
    }
    out.push_back(std::move(field));
  }
  config->subsidy_fields = std::move(out);
  return Status::Ok();
}

}  // namespace

StatusOr<KindConfig> KindConfig::Parse(std::string_view kinds_toml, std::string_view kinds_name,
                                       std::string_view fields_toml, std::string_view fields_name) {
  KindConfig config = Builtin();
  RETURN_IF_ERROR(ReadKindsInto(kinds_toml, kinds_name, &config));
  if (!fields_toml.empty()) RETURN_IF_ERROR(ReadFieldsInto(fields_toml, fields_name, &config));
  return config;
}

const KindConfig& KindConfig::Builtin() {
  static const KindConfig config = [] {
    KindConfig c;
    // A broken compiled-in file leaves the lists empty; page_kind_test guards against it.
    (void)ReadKindsInto(resources::Get("page-kinds.toml"), "config/page-kinds.toml", &c);
    (void)ReadFieldsInto(resources::Get("subsidy-fields.toml"), "config/subsidy-fields.toml", &c);
    return c;
  }();
  return config;
}

StatusOr<KindConfig> KindConfig::Load(const std::string& page_kinds_path, const std::string& subsidy_fields_path) {
  KindConfig config = Builtin();
  if (!page_kinds_path.empty()) {
    ASSIGN_OR_RETURN(std::string text, ReadWholeFile(page_kinds_path, "page kinds"));
    RETURN_IF_ERROR(ReadKindsInto(text, page_kinds_path, &config));
  }
  if (!subsidy_fields_path.empty()) {
    ASSIGN_OR_RETURN(std::string text, ReadWholeFile(subsidy_fields_path, "subsidy fields"));
    RETURN_IF_ERROR(ReadFieldsInto(text, subsidy_fields_path, &config));
  }
  return config;
}

}  // namespace govaudit
