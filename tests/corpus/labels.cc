#include "tests/corpus/labels.h"

#include <gtest/gtest.h>
#include <toml++/toml.h>

#include <algorithm>
#include <initializer_list>
#include <utility>

namespace govaudit::corpus {
namespace {

namespace fs = std::filesystem;

std::string Str(const toml::table& t, const char* key) { return t[key].value_or(std::string()); }

std::vector<std::string> Strings(const toml::table& t, const char* key) {
  std::vector<std::string> out;
  if (const toml::array* a = t[key].as_array()) {
    for (const toml::node& n : *a) out.push_back(n.value_or(std::string()));
  }
  return out;
}

// Reads each string field from its key of `t` ("" where the key is absent).
void ReadStrings(const toml::table& t, std::initializer_list<std::pair<std::string*, const char*>> fields) {
  for (const auto& [field, key] : fields) *field = Str(t, key);
}

PageLabel ReadPage(const toml::table& t, const char* path_key) {
  PageLabel p;
  p.path = Str(t, path_key);
  for (std::string& k : Strings(t, "kind")) p.kinds.insert(std::move(k));
  ReadStrings(t, {{&p.title, "title"},
                  {&p.publish_date, "publish_date"},
                  {&p.written_date, "written_date"},
                  {&p.doc_number, "doc_number"},
                  {&p.issuer, "issuer"},
                  {&p.validity, "validity"},
                  {&p.expiry_date, "expiry_date"}});
  if (auto n = t["interpretations"].value<int64_t>()) p.interpretations = static_cast<int>(*n);
  if (t.contains("interpretation_forms")) p.forms = Strings(t, "interpretation_forms");
  return p;
}

std::optional<toml::table> Parse(const fs::path& file) {
  try {
    return toml::parse_file(file.string());
  } catch (const toml::parse_error& e) {
    ADD_FAILURE() << file << ": " << e.description() << " at line " << e.source().begin.line;
    return std::nullopt;
  }
}

template <typename F>
void ForEachTable(const toml::table& doc, const char* key, F&& f) {
  if (const toml::array* a = doc[key].as_array()) {
    for (const toml::node& n : *a) {
      if (const toml::table* t = n.as_table()) f(*t);
    }
  }
}

}  // namespace

std::vector<FamilyLabels> LoadFamilies(const fs::path& families_dir) {
  std::vector<FamilyLabels> out;
  std::vector<fs::path> folders;
  for (const fs::directory_entry& e : fs::directory_iterator(families_dir)) {
    if (e.is_directory() && fs::exists(e.path() / "expected.toml")) folders.push_back(e.path());
  }
  std::sort(folders.begin(), folders.end());
  for (const fs::path& folder : folders) {
    auto doc = Parse(folder / "expected.toml");
    if (!doc) continue;
    FamilyLabels f;
    ReadStrings(*doc, {{&f.family, "family"}, {&f.split, "split"}, {&f.as_of, "as_of"}});
    f.folder = folder;
    f.exact = Strings(*doc, "exact");
    ForEachTable(*doc, "page", [&](const toml::table& t) { f.pages.push_back(ReadPage(t, "path")); });
    ForEachTable(*doc, "finding", [&](const toml::table& t) {
      f.findings.push_back({Str(t, "rule"), Str(t, "path"), Str(t, "why")});
    });
    ForEachTable(*doc, "uninspected", [&](const toml::table& t) { f.uninspected.push_back(Str(t, "path")); });
    EXPECT_TRUE(f.split == "train" || f.split == "validation") << folder << ": split '" << f.split << "'";
    out.push_back(std::move(f));
  }
  return out;
}

std::vector<RealPageLabel> LoadRealPages(const fs::path& toml_file) {
  std::vector<RealPageLabel> out;
  auto doc = Parse(toml_file);
  if (!doc) return out;
  ForEachTable(*doc, "page", [&](const toml::table& t) {
    RealPageLabel r;
    r.page = ReadPage(t, "file");
    ReadStrings(t, {{&r.url, "url"},
                    {&r.site, "site"},
                    {&r.split, "split"},
                    {&r.encoding, "encoding"},
                    {&r.index_no, "index_no"},
                    {&r.topic, "topic"},
                    {&r.column, "column"},
                    {&r.site_id_code, "site_id_code"},
                    {&r.newest_item_date, "newest_item_date"}});
    r.script_rendered = t["script_rendered"].value_or(false);
    r.list_items = static_cast<int>(t["list_items"].value_or(int64_t{0}));
    ForEachTable(t, "pii", [&](const toml::table& p) {
      r.pii.push_back({Str(p, "kind"), Str(p, "value_masked"), p["personal"].value_or(false)});
    });
    out.push_back(std::move(r));
  });
  return out;
}

std::vector<KnownMiss> LoadKnownMisses(const fs::path& toml_file) {
  std::vector<KnownMiss> out;
  if (!fs::exists(toml_file)) return out;
  auto doc = Parse(toml_file);
  if (!doc) return out;
  ForEachTable(*doc, "miss", [&](const toml::table& t) {
    out.push_back({Str(t, "where"), Str(t, "path"), Str(t, "what"), Str(t, "why")});
  });
  return out;
}

}  // namespace govaudit::corpus
