// Checks of labelled facts and findings, their tallies (precision and recall per rule family,
// accuracy per fact), and the comparison with the known misses.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "tests/corpus/labels.h"

namespace govaudit::corpus {

// One labelled fact or finding compared with what govaudit produced.
struct Check {
  std::string where;  // family or real page file
  std::string split;  // train / validation
  std::string path;   // page path ("" for real pages)
  // "kind", "title", …: a fact; "finding R": a labelled finding of rule R (found or missed);
  // "extra R": a finding of rule R nobody labelled; "uninspected": a script-rendered page.
  std::string what;
  std::string expected;
  std::string got;
  bool ok = false;
};

// "interpretation" for "finding interpretation.late"; "" for facts.
std::string RuleFamilyOf(const Check& check);

struct Counts {
  int true_positives = 0, false_positives = 0, false_negatives = 0;
  double Precision() const;
  double Recall() const;
};

// Findings tallied per rule family (interpretation, normative, link, …).
std::map<std::string, Counts> FindingCounts(const std::vector<Check>& checks);
// Facts: correct / labelled per fact name.
std::map<std::string, std::pair<int, int>> FactCounts(const std::vector<Check>& checks);

// Fails the current test for every failed check not listed as a known miss and for every known
// miss of `where` that no longer fails (or no longer exists), so the list stays true.
void ExpectOnlyKnownMisses(const std::string& where, const std::vector<Check>& checks,
                           const std::vector<KnownMiss>& known);

// Checks gathered by every test of this process; printed as tables at exit when the
// environment variable GOVAUDIT_ACCURACY is set (scripts/accuracy.sh).
void Record(const std::vector<Check>& checks);
void PrintAccuracyTables();

}  // namespace govaudit::corpus
