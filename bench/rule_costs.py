#!/usr/bin/env python3
"""Per-rule cost table from a callgrind profile of a whole audit.

Reads `callgrind_annotate --inclusive=yes` output on stdin and prints, for each rule (a
`Check` method under rules/), its inclusive instruction count, its share of the audit and its
cost per page, followed by the audit's stages (parse, decode, classification, store, reports)
for scale. Usage: callgrind_annotate --inclusive=yes OUT | rule_costs.py PAGES
"""
import re
import sys

pages = int(sys.argv[1]) if len(sys.argv) > 1 else 1
line_re = re.compile(r"^\s*([\d,]+) \(\s*[\d.]+%\)\s+(\S+?):(.*)$")
rule_re = re.compile(r"rules/([a-z0-9_]+)\.cc$")
rule_name_re = re.compile(r"::([A-Za-z0-9]+)::Check\((?:govaudit::PageInput|govaudit::db::Store)")
# Site rules written as functions (SiteRuleFunction): CheckHijackedLink(RuleInfo const&, Store&, ...).
rule_function_re = re.compile(r"::(Check[A-Za-z0-9]+)\(govaudit::RuleInfo const&, govaudit::db::Store&")
stages = {
    "gumbo_parse_with_options": "Gumbo parse",
    "govaudit::ParsePage(": "page model (ParsePage, Gumbo included)",
    "govaudit::DecodeHtml(": "charset decoding",
    "govaudit::ClassifyPage(": "page kinds (ClassifyPage)",
    "govaudit::ReadMessages(": "message boards (ReadMessages)",
    "govaudit::ReadServiceGuide(": "service guides (ReadServiceGuide)",
    "govaudit::RuleSet::CheckPage(": "every page rule (RuleSet::CheckPage)",
    "govaudit::RuleSet::CheckSite(": "every site rule (RuleSet::CheckSite)",
    "govaudit::SecurityInspector::ObservePage(": "security observations (ObservePage)",
    "govaudit::db::StoreWriter::Loop(": "store writes (StoreWriter)",
    "(anonymous namespace)::Render(": "assessment and reports (Render)",
}
total = 0
rules = {}
families = {}
stage_cost = {}
for line in sys.stdin:
    if "PROGRAM TOTALS" in line:
        total = int(line.split()[0].replace(",", ""))
        continue
    m = line_re.match(line)
    if not m or line.lstrip().startswith(("=>", "*")):
        continue
    ir = int(m.group(1).replace(",", ""))
    where, func = m.group(2), m.group(3)
    r = rule_re.search(where)
    n = rule_name_re.search(func) or rule_function_re.search(func)
    # A rule's cost is its largest inclusive count; lines without a rules/ file name (inlined
    # code, a build without debug information) still count for its class.
    if n and "Check" in func and "RuleSet::" not in func:
        rule = n.group(1)
        rules[rule] = max(rules.get(rule, 0), ir)
        if r and r.group(1) != "registry":
            families[rule] = r.group(1)
    for needle, name in stages.items():
        if needle in func:
            stage_cost[name] = max(stage_cost.get(name, 0), ir)
print(f"| rule family | rule | instructions | share of audit | per page |")
print("| --- | --- | ---: | ---: | ---: |")
for rule, ir in sorted(rules.items(), key=lambda kv: -kv[1]):
    family = families.get(rule, "-")
    print(f"| {family} | {rule} | {ir/1e6:,.1f} M | {100*ir/total:.2f} % | {ir/pages/1e3:,.1f} K |")
print()
print("| stage | instructions | share of audit | per page |")
print("| --- | ---: | ---: | ---: |")
for name, ir in sorted(stage_cost.items(), key=lambda kv: -kv[1]):
    print(f"| {name} | {ir/1e6:,.1f} M | {100*ir/total:.1f} % | {ir/pages/1e3:,.1f} K |")
print(f"| whole audit | {total/1e6:,.1f} M | 100 % | {total/pages/1e3:,.1f} K |")
