#include "tests/corpus/scoring.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <set>
#include <tuple>

namespace govaudit::corpus {
namespace {

std::vector<Check>& Recorded() {
  static std::vector<Check> checks;
  return checks;
}

std::string Percent(int num, int den) {
  if (den == 0) return "–";
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f %%", 100.0 * num / den);
  return buffer;
}

bool IsFinding(const Check& c) { return c.what.rfind("finding ", 0) == 0 || c.what.rfind("extra ", 0) == 0; }

void PrintFindingTable(const std::string& heading, const std::vector<Check>& checks) {
  std::printf("\n%s\n\n| rule family | labelled | found | missed | false alarms | precision | recall |\n"
              "| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n",
              heading.c_str());
  Counts total;
  for (const auto& [family, c] : FindingCounts(checks)) {
    std::printf("| %s | %d | %d | %d | %d | %s | %s |\n", family.c_str(), c.true_positives + c.false_negatives,
                c.true_positives, c.false_negatives, c.false_positives,
                Percent(c.true_positives, c.true_positives + c.false_positives).c_str(),
                Percent(c.true_positives, c.true_positives + c.false_negatives).c_str());
    total.true_positives += c.true_positives;
    total.false_positives += c.false_positives;
    total.false_negatives += c.false_negatives;
  }
  std::printf("| **all** | %d | %d | %d | %d | %s | %s |\n", total.true_positives + total.false_negatives,
              total.true_positives, total.false_negatives, total.false_positives,
              Percent(total.true_positives, total.true_positives + total.false_positives).c_str(),
              Percent(total.true_positives, total.true_positives + total.false_negatives).c_str());
}

void PrintFactTable(const std::string& heading, const std::vector<Check>& checks) {
  std::printf("\n%s\n\n| fact | labelled | right | accuracy |\n| --- | ---: | ---: | ---: |\n", heading.c_str());
  int right = 0, all = 0;
  for (const auto& [fact, c] : FactCounts(checks)) {
    std::printf("| %s | %d | %d | %s |\n", fact.c_str(), c.second, c.first, Percent(c.first, c.second).c_str());
    right += c.first;
    all += c.second;
  }
  std::printf("| **all** | %d | %d | %s |\n", all, right, Percent(right, all).c_str());
}

void PrintPerWhere(const std::string& heading, const std::vector<Check>& checks) {
  std::printf("\n%s\n\n| family or site | split | facts right | findings found | false alarms |\n"
              "| --- | --- | ---: | ---: | ---: |\n",
              heading.c_str());
  std::map<std::string, std::vector<Check>> by;
  for (const Check& c : checks) by[c.where].push_back(c);
  for (const auto& [where, list] : by) {
    int facts = 0, facts_ok = 0, labelled = 0, found = 0, extra = 0;
    for (const Check& c : list) {
      if (c.what.rfind("finding ", 0) == 0) {
        ++labelled;
        found += c.ok;
      } else if (c.what.rfind("extra ", 0) == 0) {
        extra += !c.ok;
      } else {
        ++facts;
        facts_ok += c.ok;
      }
    }
    std::printf("| %s | %s | %d / %d | %d / %d | %d |\n", where.c_str(), list.front().split.c_str(), facts_ok, facts,
                found, labelled, extra);
  }
}

class AccuracyTables : public ::testing::Environment {
 public:
  void TearDown() override { PrintAccuracyTables(); }
};
[[maybe_unused]] ::testing::Environment* const kAccuracyTables =
    ::testing::AddGlobalTestEnvironment(new AccuracyTables);

}  // namespace

std::string RuleFamilyOf(const Check& check) {
  if (!IsFinding(check)) return "";
  const std::string rule = check.what.substr(check.what.find(' ') + 1);
  return rule.substr(0, rule.find('.'));
}

double Counts::Precision() const {
  return true_positives + false_positives == 0 ? 1.0
                                               : static_cast<double>(true_positives) / (true_positives + false_positives);
}
double Counts::Recall() const {
  return true_positives + false_negatives == 0 ? 1.0
                                               : static_cast<double>(true_positives) / (true_positives + false_negatives);
}

std::map<std::string, Counts> FindingCounts(const std::vector<Check>& checks) {
  std::map<std::string, Counts> out;
  for (const Check& c : checks) {
    if (!IsFinding(c)) continue;
    Counts& counts = out[RuleFamilyOf(c)];
    if (c.what.rfind("finding ", 0) == 0) {
      (c.ok ? counts.true_positives : counts.false_negatives)++;
    } else if (!c.ok) {
      counts.false_positives++;
    }
  }
  return out;
}

std::map<std::string, std::pair<int, int>> FactCounts(const std::vector<Check>& checks) {
  std::map<std::string, std::pair<int, int>> out;
  for (const Check& c : checks) {
    if (IsFinding(c)) continue;
    auto& [right, all] = out[c.what];
    right += c.ok;
    ++all;
  }
  return out;
}

void ExpectOnlyKnownMisses(const std::string& where, const std::vector<Check>& checks,
                           const std::vector<KnownMiss>& known) {
  std::set<std::tuple<std::string, std::string>> listed;
  for (const KnownMiss& k : known) {
    if (k.where == where) listed.emplace(k.path, k.what);
  }
  std::set<std::tuple<std::string, std::string>> failing;
  for (const Check& c : checks) {
    if (c.ok) continue;
    failing.emplace(c.path, c.what);
    if (listed.count({c.path, c.what}) == 0) {
      ADD_FAILURE() << where << " " << c.path << " " << c.what << ": expected '" << c.expected << "', got '" << c.got
                    << "'";
    }
  }
  for (const auto& [path, what] : listed) {
    if (failing.count({path, what}) == 0) {
      ADD_FAILURE() << where << " " << path << " " << what
                    << " is listed in known-misses.toml but is right now: remove it from the list";
    }
  }
}

void Record(const std::vector<Check>& checks) {
  Recorded().insert(Recorded().end(), checks.begin(), checks.end());
}

void PrintAccuracyTables() {
  // GOVAUDIT_ACCURACY=train (or validation) prints one set only; any other value both.
  const char* wanted = std::getenv("GOVAUDIT_ACCURACY");
  if (wanted == nullptr || Recorded().empty()) return;
  const std::string only = wanted;
  auto shown = [&](const std::string& split) { return (only != "train" && only != "validation") || split == only; };
  for (const char* split : {"train", "validation"}) {
    if (!shown(split)) continue;
    std::vector<Check> part;
    for (const Check& c : Recorded()) {
      if (c.split == split) part.push_back(c);
    }
    if (part.empty()) continue;
    const std::string name = split;
    PrintFindingTable("### Findings, " + name + " set", part);
    PrintFactTable("### Facts, " + name + " set", part);
    PrintPerWhere("### Per family and site, " + name + " set", part);
  }
  std::printf("\n### Misses\n\n");
  for (const Check& c : Recorded()) {
    if (!c.ok && shown(c.split)) {
      std::printf("- [%s] %s %s %s: expected `%s`, got `%s`\n", c.split.c_str(), c.where.c_str(), c.path.c_str(),
                  c.what.c_str(), c.expected.c_str(), c.got.c_str());
    }
  }
}

}  // namespace govaudit::corpus
