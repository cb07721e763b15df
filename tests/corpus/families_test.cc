// The template-family fixture sites (tests/fixtures/families/): each is served on 127.0.0.1,
// audited by the govaudit command on its labels' date, and every labelled fact and finding is
// compared with what the audit stored and reported. Mismatches must be listed, with their
// reason, in known-misses.toml; `bash scripts/accuracy.sh` prints the figures of
// docs/accuracy.md.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/demo_server.h"
#include "classify/facts.h"
#include "classify/page_kinds.h"
#include "tests/corpus/labels.h"
#include "tests/corpus/scoring.h"
#include "tests/support/run_command.h"
#include "tests/support/store_view.h"

namespace govaudit::corpus {
namespace {

namespace fs = std::filesystem;
using testing::ReadWholeFile, testing::RunGovaudit, testing::TempDir;

const fs::path kFamilies = fs::path(GOVAUDIT_FIXTURES_DIR) / "families";
const fs::path kKnownMisses = fs::path(GOVAUDIT_CORPUS_DIR) / "known-misses.toml";

const std::vector<FamilyLabels>& Families() {
  static const std::vector<FamilyLabels> families = LoadFamilies(kFamilies);
  return families;
}

// The rules a family is judged on exactly: an entry is a family ("pii") or a rule id.
bool Judged(const FamilyLabels& labels, const std::string& rule) {
  for (const std::string& e : labels.exact) {
    if (rule == e || rule.rfind(e + ".", 0) == 0) return true;
  }
  return false;
}

std::string Joined(std::vector<std::string> items) {
  std::sort(items.begin(), items.end());
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : ",") + s;
  return out;
}

// What one audit of a family site produced, by URL path.
struct Produced {
  std::map<std::string, db::FetchedPage> pages;
  std::map<std::string, db::StoredPage> html;
  std::set<std::pair<std::string, std::string>> findings;  // rule, path
  std::map<std::string, std::string> finding_messages;     // "rule path" → message
  std::map<std::string, std::vector<std::string>> interpretations_of;  // document path → interpretation paths
  std::set<std::string> script_rendered;                   // pages listed as not inspected for scripts
};

class FamilyTest : public ::testing::TestWithParam<FamilyLabels> {
 protected:
  // The path of a URL on the fixture server ("/zwgk/"), "" for another host.
  std::string PathOf(const std::string& url) const {
    const std::string base = site_->base_url();
    return url.rfind(base, 0) == 0 ? "/" + url.substr(base.size()) : "";
  }

  // A column reached as "folder/" and as "folder/index.html" is one page: what is reported on
  // it is scored once, under the folder (the audit reports it under each address it crawled).
  std::string FolderPathOf(const std::string& url) const {
    std::string path = PathOf(url);
    if (path.ends_with("/index.html")) path.resize(path.size() - std::string_view("index.html").size());
    return path;
  }

  Produced Audit(const FamilyLabels& labels) {
    Produced out;
    auto site = StaticSiteServer::Start(StaticSiteServer::FromFolder(labels.folder.string()));
    EXPECT_TRUE(site.ok()) << site.status().message();
    if (!site.ok()) return out;
    site_ = std::move(site).value();
    TempDir dir("govaudit-family-" + labels.family);
    std::ofstream(dir / "audit.toml")
        << "[crawl]\nper_host_interval_s = 0\nsitemaps = false\ncheck_external_links = false\n";
    auto result = RunGovaudit("audit " + site_->base_url() + " --config " + dir / "audit.toml" + " --out " +
                              dir / "out" + " --db " + dir / "audit.db" + " --as-of " + labels.as_of +
                              " --threads 2 --quiet");
    EXPECT_EQ(result.exit_code, 0) << result.output;
    auto json = nlohmann::json::parse(ReadWholeFile(dir.path() / "out" / "findings.json"), nullptr, false);
    EXPECT_TRUE(json.is_object()) << result.output;
    if (json.is_object()) {
      for (const auto& f : json["findings"]) {
        const std::string rule = f.value("rule", "");
        const std::string path = FolderPathOf(f.value("url", ""));
        out.findings.emplace(rule, path);
        out.finding_messages[rule + " " + path] = f.value("message", "");
      }
      for (const auto& d : json.value("documents", nlohmann::json::array())) {
        auto& list = out.interpretations_of[PathOf(d.value("url", ""))];
        for (const auto& i : d.value("interpretations", nlohmann::json::array())) list.push_back(PathOf(i.value("url", "")));
      }
    }
    auto store = testing::ReadStore(dir / "audit.db");
    if (store == nullptr) return out;
    for (db::FetchedPage& p : store->FetchedPages(1).value_or({})) out.pages[PathOf(p.url)] = std::move(p);
    for (db::StoredPage& p : store->HtmlPages(1).value_or({})) out.html[PathOf(p.url)] = std::move(p);
    for (const db::UninspectedPage& p : store->NotInspected(1).value_or({})) {
      if (p.format == "html") out.script_rendered.insert(FolderPathOf(p.url));
    }
    return out;
  }

  std::unique_ptr<StaticSiteServer> site_;
};

std::vector<Check> CompareFacts(const FamilyLabels& labels, const Produced& produced) {
  std::vector<Check> checks;
  auto add = [&](const std::string& path, const std::string& what, const std::string& expected,
                 const std::string& got) {
    checks.push_back({labels.family, labels.split, path, what, expected, got, expected == got});
  };
  for (const PageLabel& label : labels.pages) {
    auto fetched = produced.pages.find(label.path);
    auto html = produced.html.find(label.path);
    if ((fetched == produced.pages.end() || html == produced.html.end()) && label.path.ends_with("/")) {
      // A folder the site links as "folder/index.html" is the same page (Hanweb /col/colN/).
      fetched = produced.pages.find(label.path + "index.html");
      html = produced.html.find(label.path + "index.html");
    }
    if (fetched == produced.pages.end() || html == produced.html.end()) {
      add(label.path, "crawled", "yes", "no");
      continue;
    }
    const db::StoredPage& page = html->second;
    const PageFacts facts = PageFacts::FromJson(page.facts_json);
    std::vector<std::string> kinds;
    for (size_t start = 0; start < page.kind.size();) {
      size_t comma = std::min(page.kind.find(',', start), page.kind.size());
      kinds.push_back(page.kind.substr(start, comma - start));
      start = comma + 1;
    }
    add(label.path, "kind", Joined({label.kinds.begin(), label.kinds.end()}), Joined(kinds));
    if (!label.title.empty()) add(label.path, "title", label.title, page.title);
    add(label.path, "publish_date", label.publish_date, page.publish_date);
    add(label.path, "written_date", label.written_date, page.written_date);
    add(label.path, "doc_number", label.doc_number, page.doc_number);
    // Issuers are labelled for documents, interpretations and notices only.
    const bool issued = label.kinds.count("policy_document") || label.kinds.count("normative_document") ||
                        label.kinds.count("interpretation") || label.kinds.count("notice");
    if (issued) add(label.path, "issuer", label.issuer, facts.issuer);
    add(label.path, "validity", label.validity, facts.validity.value_or(""));
    add(label.path, "expiry_date", label.expiry_date, facts.expiry);
    if (label.interpretations) {
      auto it = produced.interpretations_of.find(label.path);
      const size_t found = it == produced.interpretations_of.end() ? 0 : it->second.size();
      add(label.path, "interpretations", std::to_string(*label.interpretations), std::to_string(found));
    }
    if (label.forms) add(label.path, "interpretation_forms", Joined(*label.forms), Joined(facts.interpretation_forms));
  }
  for (const std::string& path : labels.uninspected) {
    add(path, "uninspected", "content rendered by script",
        produced.script_rendered.count(path) ? "content rendered by script" : "judged");
  }
  for (const std::string& path : produced.script_rendered) {
    if (std::find(labels.uninspected.begin(), labels.uninspected.end(), path) == labels.uninspected.end()) {
      add(path, "extra uninspected", "judged", "content rendered by script");
    }
  }
  return checks;
}

std::vector<Check> CompareFindings(const FamilyLabels& labels, const Produced& produced) {
  std::vector<Check> checks;
  std::set<std::pair<std::string, std::string>> labelled;
  for (const FindingLabel& f : labels.findings) {
    labelled.emplace(f.rule, f.path);
    const bool found = produced.findings.count({f.rule, f.path}) > 0;
    checks.push_back({labels.family, labels.split, f.path, "finding " + f.rule, "reported", found ? "reported" : "missed",
                      found});
  }
  for (const auto& [rule, path] : produced.findings) {
    if (!Judged(labels, rule) || labelled.count({rule, path})) continue;
    auto message = produced.finding_messages.find(rule + " " + path);
    checks.push_back({labels.family, labels.split, path, "extra " + rule, "not reported",
                      message == produced.finding_messages.end() ? "reported" : message->second, false});
  }
  return checks;
}

TEST_P(FamilyTest, EveryLabelledFactAndFinding) {
  const FamilyLabels& labels = GetParam();
  const Produced produced = Audit(labels);
  std::vector<Check> checks = CompareFacts(labels, produced);
  std::vector<Check> findings = CompareFindings(labels, produced);
  checks.insert(checks.end(), findings.begin(), findings.end());
  Record(checks);
  ExpectOnlyKnownMisses(labels.family, checks, LoadKnownMisses(kKnownMisses));
}

INSTANTIATE_TEST_SUITE_P(Families, FamilyTest, ::testing::ValuesIn(Families()),
                         [](const ::testing::TestParamInfo<FamilyLabels>& info) {
                           std::string name = info.param.family;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

TEST(FamilyCorpusTest, EveryFamilyIsLabelledAndAThirdIsKeptForValidation) {
  ASSERT_GE(Families().size(), 12u);
  int validation = 0;
  for (const FamilyLabels& f : Families()) {
    validation += f.split == "validation";
    EXPECT_FALSE(f.pages.empty()) << f.family;
    EXPECT_FALSE(f.as_of.empty()) << f.family;
  }
  EXPECT_GE(validation * 3, static_cast<int>(Families().size()) - 1);
}

}  // namespace
}  // namespace govaudit::corpus
