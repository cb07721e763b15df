#include "assess/citizen.h"

#include <algorithm>

#include "common/enum_names.h"
#include "common/hash.h"
#include "common/strings.h"
#include "common/utf8.h"
#include "rules/rule.h"

namespace govaudit {
namespace {

// Words of the platform's problem types, checked in this order (个人信息 before 信息).
struct TypeWords {
  ReportType type;
  std::vector<std::string> words;
};
const std::vector<TypeWords>& TypeTable() {
  static const std::vector<TypeWords> table = {
      {ReportType::kPii, {"个人信息", "隐私", "身份证", "手机号", "泄露", "泄漏"}},
      {ReportType::kBrokenLink, {"错链", "断链", "死链", "链接", "无法访问", "打不开", "内容无法访问"}},
      {ReportType::kTypo, {"错别字", "错字", "别字", "错误表述", "表述错误"}},
      {ReportType::kStale, {"不更新", "未更新", "更新不及时", "长期未更新", "过期"}},
      {ReportType::kInaccurate, {"不准确", "有误", "错误信息", "信息错误", "内容错误"}},
  };
  return table;
}

// Connectors between a wrong text and its correction.
const std::vector<std::string>& Connectors() {
  static const std::vector<std::string> words = {"应更正为", "应修改为", "应该为", "应该是", "应改为", "更正为",
                                                 "修改为",   "应为",     "应是",   "改为",   "→",      "->"};
  return words;
}

// Quote pairs citizens use, opening and closing.
constexpr std::pair<const char*, const char*> kQuotes[] = {
    {"“", "”"}, {"「", "」"}, {"『", "』"}, {"‘", "’"}, {"\"", "\""}, {"'", "'"}, {"【", "】"}};

// The quoted strings of `text` in order, with where each ends.
std::vector<std::pair<std::string, size_t>> Quoted(std::string_view text) {
  std::vector<std::pair<std::string, size_t>> out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t best = std::string_view::npos;
    const std::pair<const char*, const char*>* quote = nullptr;
    for (const auto& q : kQuotes) {
      const size_t at = text.find(q.first, pos);
      if (at < best) {
        best = at;
        quote = &q;
      }
    }
    if (quote == nullptr) break;
    const size_t start = best + std::string_view(quote->first).size();
    const size_t end = text.find(quote->second, start);
    if (end == std::string_view::npos) break;
    const std::string inner(TrimSpaces(text.substr(start, end - start)));
    if (!inner.empty()) out.emplace_back(inner, end + std::string_view(quote->second).size());
    pos = end + std::string_view(quote->second).size();
  }
  return out;
}

// The last `n` code points of `s`.
std::string LastCodePoints(std::string_view s, size_t n) {
  size_t start = s.size();
  for (size_t count = 0; start > 0 && count < n;) {
    --start;
    if ((static_cast<unsigned char>(s[start]) & 0xC0) != 0x80) ++count;
  }
  return std::string(s.substr(start));
}

bool IsPunctuationOrSpace(std::string_view s) {
  for (const char* p : {"，", "。", "；", "：", "、", ",", ".", ";", ":", " ", "！", "？"}) {
    if (s.find(p) != std::string_view::npos) return true;
  }
  return false;
}

std::string Describe(const std::vector<LinkCheck>& links, bool broken_only) {
  std::string out;
  int listed = 0;
  for (const LinkCheck& l : links) {
    if (broken_only && !l.broken) continue;
    if (listed++ == 5) {
      out += "……";
      break;
    }
    out += (out.empty() ? "" : "；") + (l.text.empty() ? std::string() : "“" + l.text + "” ") + l.url + " → " +
           (l.status > 0 ? "HTTP " + std::to_string(l.status) : (l.error.empty() ? "无应答" : l.error));
  }
  return out;
}

// The verdict on what was seen, before the deadline arithmetic.
void Decide(const CitizenReport& report, const ReportObservation& seen, ReportVerdict* v) {
  auto set = [v](ReportStatus status, std::string reason, std::string evidence = "") {
    v->status = status;
    v->reason = std::move(reason);
    v->evidence = std::move(evidence);
  };
  if (!seen.checked) return set(ReportStatus::kManual, seen.not_checked_reason);
  const bool gone = seen.status >= 400 && seen.status < 500;
  if (report.type == ReportType::kInaccurate) {
    return set(ReportStatus::kManual, "信息是否准确须对照原始材料由人工核实（页面现状：" +
                                          (seen.status > 0 ? "HTTP " + std::to_string(seen.status) : seen.fetch_error) + "）");
  }
  if (report.type == ReportType::kOther) return set(ReportStatus::kManual, "问题类型“" + report.type_text + "”须人工核实");
  if (report.type == ReportType::kBrokenLink) {
    if (seen.status == 0 || seen.status >= 400) {
      const std::string what = seen.status > 0 ? "HTTP " + std::to_string(seen.status) : seen.fetch_error;
      return set(ReportStatus::kConfirmed, "所报页面仍无法访问（" + what + "）", report.url + " → " + what);
    }
    const std::string broken = Describe(seen.links, true);
    if (!broken.empty()) {
      return set(ReportStatus::kConfirmed, std::string("页面上") + (seen.links_named ? "所报" : "") + "链接仍无法访问",
                 broken);
    }
    if (seen.earlier_defect) {
      return set(ReportStatus::kFixed,
                 seen.named_missing.empty() ? "所报链接现已可以访问" : "所报链接已从页面删除或更正",
                 seen.earlier_evidence);
    }
    return set(ReportStatus::kNotReproduced,
               seen.links.empty() ? "页面可以访问，未见所报链接" : "页面及其 " + std::to_string(seen.links.size()) + " 个链接均可访问",
               Describe(seen.links, false));
  }
  // Typos, staleness and personal data are read in the page: it must answer.
  if (seen.status == 0 || seen.status >= 500) {
    return set(ReportStatus::kManual, "页面暂时无法访问（" +
                                          (seen.status > 0 ? "HTTP " + std::to_string(seen.status) : seen.fetch_error) +
                                          "），无法复查，请稍后再核");
  }
  if (gone) {
    if (seen.earlier_defect) return set(ReportStatus::kFixed, "页面已删除（HTTP " + std::to_string(seen.status) + "）", seen.earlier_evidence);
    return set(ReportStatus::kManual, "页面已无法访问（HTTP " + std::to_string(seen.status) + "），须人工确认是否已整改");
  }
  if (!seen.readable) return set(ReportStatus::kManual, "页面内容无法读取（格式不支持或由脚本生成），须人工核实");
  if (report.type == ReportType::kTypo) {
    if (seen.correction.wrong.empty()) {
      return set(ReportStatus::kManual, "描述中没有可核对的错误文字（请用引号标出，如“工做”应为“工作”）");
    }
    const std::string quoted = "“" + seen.correction.wrong + "”" + (seen.correction.inferred ? "（按描述推断）" : "");
    if (seen.wrong_found) {
      v->highlight = seen.correction.wrong;
      v->location = seen.wrong_location;
      return set(ReportStatus::kConfirmed, "页面仍含" + quoted, seen.wrong_excerpt);
    }
    if (seen.earlier_defect) return set(ReportStatus::kFixed, "页面已不含" + quoted + "，存档页面中曾有", seen.earlier_evidence);
    return set(ReportStatus::kNotReproduced, "页面未出现" + quoted);
  }
  if (report.type == ReportType::kStale) {
    if (!seen.stale_findings.empty()) {
      const Finding& f = seen.stale_findings.front();
      v->highlight = f.highlight;
      return set(ReportStatus::kConfirmed, f.message, f.evidence);
    }
    if (!seen.list_page) return set(ReportStatus::kManual, "页面不是带日期的栏目列表，无法按更新期限判断，须人工核实");
    const std::string newest = seen.newest_item ? "最新条目日期 " + seen.newest_item->ToIso() : "";
    if (seen.earlier_defect) return set(ReportStatus::kFixed, "栏目已更新，" + newest, seen.earlier_evidence);
    return set(ReportStatus::kNotReproduced, "栏目未超过更新期限，" + newest);
  }
  // Personal data.
  if (!seen.pii_findings.empty()) {
    const Finding& f = seen.pii_findings.front();
    v->highlight = f.highlight;
    v->location = f.location;
    return set(ReportStatus::kConfirmed, f.message, f.evidence);
  }
  if (seen.earlier_defect) return set(ReportStatus::kFixed, "页面已无未脱敏的个人信息，存档页面中曾有", seen.earlier_evidence);
  set(ReportStatus::kNotReproduced, "页面未发现未脱敏的身份证号码、手机号码、银行卡号或家庭住址");
}

// The finding that tracks a confirmed report: the same report, re-verified later, is the
// same finding (its number, or its words when the platform gives none).
Finding TrackingFinding(const CitizenReport& report, const ReportObservation& seen, const ReportVerdict& v,
                        std::string_view rule_id) {
  Finding f;
  f.rule_id = std::string(rule_id);
  for (const RuleInfo& info : RuleSet::AllInfos()) {
    if (info.id == f.rule_id) f.severity = info.severity;
  }
  f.url = report.url;
  f.title = seen.title;
  const std::string reported = report.reported ? report.reported->ToIso() : report.reported_text;
  f.message = "网民" + (reported.empty() ? std::string() : "于 " + reported + " ") + "报告" +
              std::string(ReportTypeLabel(report.type)) + (report.id.empty() ? "" : "（编号 " + report.id + "）") +
              "，复查属实：" + v.reason;
  if (v.deadline) {
    f.message += "；已过 " + std::to_string(v.workdays_elapsed) + " 个工作日，办理期限 " + v.deadline->ToIso() +
                 (v.overdue ? "，已超期" : "");
  }
  f.evidence = v.evidence;
  f.highlight = v.highlight;
  f.location = v.location;
  f.evidence_key = TrackingKey(report);
  return f;
}

}  // namespace

std::string TrackingKey(const CitizenReport& report) {
  const std::string reported = report.reported ? report.reported->ToIso() : report.reported_text;
  return "report:" + (report.id.empty() ? Hex64(Fnv1a64(report.description + "\x1f" + reported)) : report.id);
}

std::string_view ReportTypeLabel(ReportType type) {
  switch (type) {
    case ReportType::kBrokenLink: return "错链断链";
    case ReportType::kTypo: return "错别字";
    case ReportType::kStale: return "内容不更新";
    case ReportType::kInaccurate: return "信息不准确";
    case ReportType::kPii: return "个人信息泄露";
    case ReportType::kOther: return "其他";
  }
  return "其他";
}

std::string_view ReportTypeRule(ReportType type) {
  switch (type) {
    case ReportType::kBrokenLink: return "citizen.broken_link";
    case ReportType::kTypo: return "citizen.typo";
    case ReportType::kStale: return "citizen.stale";
    case ReportType::kPii: return "citizen.pii";
    case ReportType::kInaccurate:
    case ReportType::kOther: return "";
  }
  return "";
}

ReportType ParseReportType(std::string_view text) {
  for (const TypeWords& t : TypeTable()) {
    if (ContainsAny(text, t.words)) return t.type;
  }
  return ReportType::kOther;
}

namespace {

constexpr EnumName<ReportStatus> kReportStatusNames[] = {
    {ReportStatus::kManual, "manual", "需人工核实"},
    {ReportStatus::kConfirmed, "confirmed", "已确认"},
    {ReportStatus::kNotReproduced, "not_reproduced", "未复现"},
    {ReportStatus::kFixed, "fixed", "已整改"},
};

}  // namespace

std::string_view ReportStatusLabel(ReportStatus status) { return NameOf(kReportStatusNames, status).label; }
std::string_view ReportStatusId(ReportStatus status) { return NameOf(kReportStatusNames, status).id; }

QuotedCorrection ExtractCorrection(std::string_view text) {
  QuotedCorrection out;
  const auto quoted = Quoted(text);
  if (!quoted.empty()) {
    out.wrong = quoted[0].first;
    if (quoted.size() > 1) {
      // The second quote is the correction when a connector stands between the two.
      const std::string_view between = text.substr(quoted[0].second);
      for (const std::string& c : Connectors()) {
        const size_t at = between.find(c);
        if (at != std::string_view::npos && at < 12) out.right = quoted[1].first;
      }
    }
    return out;
  }
  for (const std::string& c : Connectors()) {
    const size_t at = text.find(c);
    if (at == std::string_view::npos || at == 0) continue;
    std::string_view right = text.substr(at + c.size());
    // The correction runs to the next punctuation.
    size_t end = right.size();
    for (const char* p : {"，", "。", "；", ",", ".", ";", " ", "！", "\n"}) end = std::min(end, right.find(p));
    right = TrimSpaces(right.substr(0, end));
    if (right.empty() || CodePoints(right) > 10) return out;
    const std::string wrong = LastCodePoints(TrimSpaces(text.substr(0, at)), CodePoints(right));
    if (wrong.empty() || IsPunctuationOrSpace(wrong) || wrong == right) return out;
    out.wrong = wrong;
    out.right = std::string(right);
    out.inferred = true;
    return out;
  }
  return out;
}

std::vector<std::string> UrlsIn(std::string_view text) {
  std::vector<std::string> out;
  for (size_t pos = 0; pos < text.size();) {
    size_t at = std::min(text.find("http://", pos), text.find("https://", pos));
    if (at == std::string_view::npos) break;
    size_t end = at;
    while (end < text.size()) {
      const unsigned char c = static_cast<unsigned char>(text[end]);
      if (c <= 0x20 || c >= 0x80 || c == '"' || c == '\'' || c == '<' || c == '>') break;
      ++end;
    }
    std::string url(text.substr(at, end - at));
    while (!url.empty() && (url.back() == '.' || url.back() == ',' || url.back() == ')' || url.back() == ';')) url.pop_back();
    out.push_back(std::move(url));
    pos = end;
  }
  return out;
}

ReportVerdict JudgeReport(const CitizenReport& report, const ReportObservation& seen, const VerifyPolicy& policy) {
  ReportVerdict v;
  Decide(report, seen, &v);
  const WorkdayCalendar& calendar = policy.calendar != nullptr ? *policy.calendar : WorkdayCalendar::Builtin();
  if (report.reported) {
    const WorkdayCalendar::Count elapsed = calendar.WorkdaysBetween(*report.reported, policy.as_of);
    const WorkdayCalendar::Result due = calendar.AddWorkdays(*report.reported, policy.deadline_workdays);
    v.workdays_elapsed = elapsed.days;
    v.deadline = due.date;
    v.calendar_uncertain = elapsed.outside_coverage || due.outside_coverage;
    const bool open = v.status == ReportStatus::kConfirmed || v.status == ReportStatus::kManual;
    v.overdue = open && policy.as_of > due.date;
  }
  if (v.status == ReportStatus::kConfirmed && !ReportTypeRule(report.type).empty()) {
    v.finding = TrackingFinding(report, seen, v, ReportTypeRule(report.type));
  }
  return v;
}

}  // namespace govaudit
