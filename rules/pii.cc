// pii.*: personal data that a government page or attachment publishes without masking it.
//
// Requirement: 《中华人民共和国个人信息保护法》第二十八条（身份证件号码、金融账户等为敏感个人
// 信息）、第三十四条（国家机关处理个人信息不得超出履行法定职责所必需的范围和限度）；
// 卫政办发〔2022〕49号 四(二)：“公布公民个人信息时，应采取去标识化、删除或遮盖等手段妥善处置
// 现有身份证号、手机号码、金融账户、家庭住址等公民个人信息”（任务分工表第 11、30 项）。
//
// One rule reads a page once: its visible text and, for column context, its tables (or an
// attachment's text and tables). It emits at most one finding per page and kind, counting
// the distinct values. Full values live only in this function's locals: messages,
// evidence, locations and the evidence key hold masked values only.
#include <algorithm>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/hash.h"
#include "extract/attachment.h"
#include "rules/internal/families.h"
#include "page/page.h"
#include "pii/safe_text.h"
#include "pii/scanner.h"

namespace govaudit::internal {
namespace {

using pii::PiiHit;
using pii::PiiKind;

constexpr PiiKind kKinds[] = {PiiKind::kIdNumber, PiiKind::kMobile, PiiKind::kBankCard, PiiKind::kAddress};

// Locations listed in a finding; the rest are counted.
constexpr size_t kMaxLocations = 3;
// Bytes of page text shown on each side of the first value.
constexpr size_t kExcerptContext = 60;

constexpr RuleSource kSource{
    "《中华人民共和国个人信息保护法》第二十八条、第三十四条；卫政办发〔2022〕49号 四(二)：“公布公民个人信息时，"
    "应采取去标识化、删除或遮盖等手段妥善处置现有身份证号、手机号码、金融账户、家庭住址等公民个人信息”",
    "11, 30"};

struct KindInfo {
  PiiKind kind;
  const char* noun;     // 身份证号码
  const char* counter;  // 个 / 条
  const char* rule;     // how much must be hidden
  Severity severity;
  const char* description;
};

constexpr KindInfo kKindInfos[] = {
    {PiiKind::kIdNumber, "身份证号码", "个", "身份证号码应至少遮盖出生日期等 6 位以上", Severity::kHigh,
     "公开页面或附件含未脱敏（或遮盖不足）的公民身份号码"},
    {PiiKind::kMobile, "手机号码", "个", "手机号码应至少遮盖中间 4 位", Severity::kMedium,
     "公开页面或附件含未脱敏（或遮盖不足）的个人手机号码"},
    {PiiKind::kBankCard, "银行卡号", "个", "银行卡号应至少遮盖 6 位，仅保留首尾", Severity::kHigh,
     "公开页面或附件含未脱敏（或遮盖不足）的银行卡号、账号"},
    {PiiKind::kAddress, "家庭住址", "条", "家庭住址应只保留到乡镇（街道）", Severity::kMedium,
     "公开页面或附件含具体到村组门牌的个人家庭住址"},
};

KindInfo InfoOf(PiiKind kind) {
  for (const KindInfo& k : kKindInfos) {
    if (k.kind == kind) return k;
  }
  return {kind, "个人信息", "个", "", Severity::kMedium, ""};
}

// The rule of one kind: the family's first rule (ID numbers) and the extra ids of the others.
RuleInfo RuleInfoOf(PiiKind kind) {
  const KindInfo k = InfoOf(kind);
  return RuleInfo{std::string(pii::RuleId(kind)), k.severity, k.description, kSource.requirement, kSource.task};
}

// Identity of a value, kept in memory only: digits (full-width folded), X and mask
// characters for numbers, with a +86/0086 prefix dropped; the text without spaces for
// addresses. The same person's number written twice, or found both in the text and in a
// table (or in every row a rowspan cell covers), is one value.
std::string Identity(PiiKind kind, std::string_view raw) {
  std::string out;
  for (size_t i = 0; i < raw.size();) {
    const unsigned char c = static_cast<unsigned char>(raw[i]);
    if (kind == PiiKind::kAddress) {
      const bool space = c == ' ' || c == '\t' || c == '\n';
      if (!space) out.push_back(raw[i]);
      ++i;
      continue;
    }
    if (c >= '0' && c <= '9') {
      out.push_back(static_cast<char>(c));
    } else if (c == '*') {
      out.push_back('*');
    } else if (c == 'x' || c == 'X') {
      out.push_back('X');
    } else if (c == 0xEF && i + 2 < raw.size()) {
      const unsigned char b1 = static_cast<unsigned char>(raw[i + 1]);
      const unsigned char b2 = static_cast<unsigned char>(raw[i + 2]);
      if (b1 == 0xBC && b2 >= 0x90 && b2 <= 0x99) out.push_back(static_cast<char>('0' + (b2 - 0x90)));
      if (b1 == 0xBC && b2 == 0x8A) out.push_back('*');
      if ((b1 == 0xBC && b2 == 0xB8) || (b1 == 0xBD && b2 == 0x98)) out.push_back('X');
      i += 3;
      continue;
    } else if (c == 0xC3 && i + 1 < raw.size() && static_cast<unsigned char>(raw[i + 1]) == 0x97) {
      out.push_back('*');
      i += 2;
      continue;
    }
    ++i;
  }
  if (kind == PiiKind::kMobile && out.size() > 11) out.erase(0, out.size() - 11);
  return out;
}

// One distinct value on the page.
struct Value {
  PiiKind kind = PiiKind::kIdNumber;
  bool under_masked = false;
  std::string masked;
  std::string raw;  // as written; only used to scrub evidence, never shown
  bool in_text = false;
  size_t text_offset = 0;
  size_t text_length = 0;
  std::string table_location;  // 表格 2 第 3 行第 4 列
  std::string cell_evidence;   // column name and the masked cell, for values seen only in a table

  // The value of a scanner hit whose text is `raw`.
  static Value Of(const PiiHit& hit, std::string_view raw) {
    Value v;
    v.kind = hit.kind;
    v.under_masked = hit.insufficiently_masked;
    v.masked = hit.masked;
    v.raw = std::string(raw);
    return v;
  }
};

struct Source {
  bool attachment = false;
  std::string_view text;
  // Tables as (rows, header row, how a location names the table).
  struct Table {
    const std::vector<std::vector<std::string>>* rows;
    int header_row;
    std::string label;  // "表格 2", "表“名单”"
  };
  std::vector<Table> tables;
};

// Beside a value the site masked too little, its masked form would look like the compliant
// values next to it: it carries this mark in evidence and locations.
constexpr const char* kUnderMasked = pii::kUnderMaskedMark;

// The masked text of `text` around [offset, offset + length) with `context` bytes on each side.
// A value the site masked too little is marked: its raw form is swapped for a placeholder
// before the excerpt is cut (so that the masking there cannot take it), then for its masked
// form and the mark.
std::string MarkedExcerpt(std::string_view text, size_t offset, size_t length, size_t context, const Value& v) {
  if (!v.under_masked) return pii::SafeExcerpt(text, offset, length, context);
  constexpr char kPlaceholder = '\x01';
  std::string marked;
  marked.reserve(text.size());
  marked.append(text.substr(0, offset)).push_back(kPlaceholder);
  marked.append(text.substr(offset + length));
  std::string out = pii::SafeExcerpt(marked, offset, 1, context);
  if (const size_t at = out.find(kPlaceholder); at != std::string::npos) out.replace(at, 1, v.masked + kUnderMasked);
  return out;
}

// The masked text around a value. The window opens at a cell or line boundary when one is
// near, so that the excerpt does not begin with half of a neighbouring cell.
std::string Excerpt(std::string_view text, const Value& v) {
  size_t context = kExcerptContext;
  if (v.text_offset > context) {
    const size_t start = v.text_offset - context;
    const size_t boundary = text.find_last_of("\t\n", start);
    if (boundary != std::string_view::npos && start - boundary <= kExcerptContext / 2) {
      context = v.text_offset - boundary - 1;
    }
  }
  return MarkedExcerpt(text, v.text_offset, v.text_length, context, v);
}

// Where in the text a value sits, in words: the paragraph (blocks of the page model, lines of
// an attachment's text), counted from 1.
std::string ParagraphLocation(std::string_view text, size_t offset, bool attachment) {
  const size_t paragraph = 1 + static_cast<size_t>(std::count(text.begin(), text.begin() + std::min(offset, text.size()), '\n'));
  return std::string(attachment ? "附件正文" : "正文") + "第 " + std::to_string(paragraph) + " 段";
}

std::string CellLocation(const std::string& table_label, int row, int column) {
  return table_label + " 第 " + std::to_string(row + 1) + " 行第 " + std::to_string(column + 1) + " 列";
}

// Replaces every raw value that still appears in `s` by its masked form. The excerpt is
// already masked by SafeExcerpt; this catches a value that only a table's column context
// made recognisable.
void Scrub(const std::vector<const Value*>& values, std::string* s) {
  for (const Value* v : values) {
    if (v->raw.empty()) continue;
    for (size_t at = s->find(v->raw); at != std::string::npos; at = s->find(v->raw, at + v->masked.size())) {
      s->replace(at, v->raw.size(), v->masked);
    }
  }
}

class PiiRule : public OneInfoRule<PageRule> {
 public:
  PiiRule() : OneInfoRule(RuleInfoOf(PiiKind::kIdNumber)) {}

  void Check(const PageInput& input, const RuleContext& /*context*/, std::vector<Finding>* out) const override {
    Source source;
    if (input.page != nullptr) {
      source.text = input.page->text;
      for (size_t i = 0; i < input.page->tables.size(); ++i) {
        const PageTable& t = input.page->tables[i];
        source.tables.push_back({&t.rows, t.header_row, "表格 " + std::to_string(i + 1)});
      }
    } else if (input.attachment != nullptr && input.attachment->inspected) {
      source.attachment = true;
      source.text = input.attachment->text;
      for (const AttachmentTable& t : input.attachment->tables) {
        std::string label = "表“" + t.name + "”";
        if (t.hidden) label += "（隐藏工作表）";
        source.tables.push_back({&t.rows, t.header_row, label});
      }
    } else {
      return;
    }

    // Distinct values in document order: text hits first (they carry the page offset),
    // then values that only a table's column context revealed.
    std::vector<Value> values;
    std::map<std::string, size_t> by_identity;
    auto key_of = [](PiiKind kind, bool under, std::string_view raw) {
      return std::string(pii::RuleId(kind)) + (under ? "~" : "=") + Identity(kind, raw);
    };
    for (const PiiHit& hit : pii::ScanText(source.text)) {
      const std::string_view raw = source.text.substr(hit.offset, hit.length);
      auto [it, added] = by_identity.emplace(key_of(hit.kind, hit.insufficiently_masked, raw), values.size());
      if (!added) continue;
      Value v = Value::Of(hit, raw);
      v.in_text = true;
      v.text_offset = hit.offset;
      v.text_length = hit.length;
      values.push_back(std::move(v));
    }
    for (const Source::Table& table : source.tables) {
      const auto& rows = *table.rows;
      for (const pii::TableHit& th : pii::ScanTable(rows, table.header_row)) {
        const std::string& cell = rows[th.row][th.column];
        const std::string_view raw = std::string_view(cell).substr(th.hit.offset, th.hit.length);
        auto [it, added] =
            by_identity.emplace(key_of(th.hit.kind, th.hit.insufficiently_masked, raw), values.size());
        Value* v = nullptr;
        if (added) {
          values.emplace_back();
          v = &values.back();
          v->kind = th.hit.kind;
          v->under_masked = th.hit.insufficiently_masked;
          v->masked = th.hit.masked;
          v->raw = std::string(raw);
        } else {
          v = &values[it->second];
        }
        if (!v->table_location.empty()) continue;
        v->table_location = CellLocation(table.label, th.row, th.column);
        std::string column;
        if (table.header_row >= 0 && table.header_row < th.row &&
            th.column < static_cast<int>(rows[table.header_row].size())) {
          column = rows[table.header_row][th.column];
        } else if (th.column > 0) {
          column = rows[th.row][th.column - 1];  // label cell on the left
        }
        v->cell_evidence = (column.empty() ? "" : pii::SafeExcerpt(column, 0, 0, column.size()) + "：") +
                           MarkedExcerpt(cell, th.hit.offset, th.hit.length, kExcerptContext, *v);
      }
    }
    if (input.page != nullptr) AddLinkValues(*input.page, &values, &by_identity, key_of);
    if (values.empty()) return;

    std::vector<const Value*> all;
    for (const Value& v : values) all.push_back(&v);
    std::string title;
    if (input.page != nullptr) {
      title = pii::SafeExcerpt(input.page->title, 0, 0, input.page->title.size());
      Scrub(all, &title);
    } else {
      title = "附件（" + std::string(FormatName(DetectAttachmentFormat(input.url, input.content_type, ""))) + "）";
    }

    for (PiiKind kind : kKinds) {
      std::vector<const Value*> of_kind;
      for (const Value& v : values) {
        if (v.kind == kind) of_kind.push_back(&v);
      }
      if (of_kind.empty()) continue;
      out->push_back(MakeFinding(input, source, kind, of_kind, all, title));
    }
  }

 private:
  // Personal data in the addresses the page links to (/person?sfz=…&tel=…): the site publishes
  // it as much as in its text, and every crawler and log on the way keeps it.
  template <typename KeyOf>
  static void AddLinkValues(const Page& page, std::vector<Value>* values, std::map<std::string, size_t>* by_identity,
                            const KeyOf& key_of) {
    for (size_t i = 0; i < page.links.size(); ++i) {
      const std::string& href = page.links[i].href;
      if (href.find_first_of("0123456789") == std::string::npos) continue;
      for (const PiiHit& hit : pii::ScanText(href)) {
        const std::string_view raw = std::string_view(href).substr(hit.offset, hit.length);
        auto [it, added] = by_identity->emplace(key_of(hit.kind, hit.insufficiently_masked, raw), values->size());
        if (!added) continue;
        Value v = Value::Of(hit, raw);
        v.table_location = "第 " + std::to_string(i + 1) + " 个链接的地址";
        v.cell_evidence = "链接地址：" + pii::MaskPersonalData(href);
        values->push_back(std::move(v));
      }
    }
  }

  Finding MakeFinding(const PageInput& input, const Source& source, PiiKind kind,
                      const std::vector<const Value*>& of_kind, const std::vector<const Value*>& all,
                      const std::string& title) const {
    const KindInfo k = InfoOf(kind);
    size_t unmasked = 0, under = 0;
    for (const Value* v : of_kind) (v->under_masked ? under : unmasked)++;
    const std::string where = source.attachment ? "附件" : "页面";
    const std::string noun = k.noun;
    std::string message;
    if (unmasked > 0) {
      message = where + "公开了 " + std::to_string(unmasked) + " " + k.counter + "未脱敏的" + noun;
      if (under > 0) message += "，另有 " + std::to_string(under) + " " + k.counter + "遮盖位数不足";
      message += "，须删除或遮盖后再公开（" + std::string(k.rule) + "）";
    } else {
      message = where + "公开的 " + std::to_string(under) + " " + k.counter + noun +
                "虽已遮盖但遮盖太少，仍可识别到个人，须按规定遮盖（" + k.rule + "）";
    }

    const Value& first = *of_kind.front();
    Finding f;
    f.rule_id = std::string(pii::RuleId(kind));
    f.severity = k.severity;
    f.url = input.url;
    f.title = title;
    f.message = std::move(message);
    f.highlight = first.under_masked ? first.masked + kUnderMasked : first.masked;
    f.evidence = first.in_text ? Excerpt(source.text, first) : first.cell_evidence;
    Scrub(all, &f.evidence);

    std::string location;
    for (size_t i = 0; i < of_kind.size() && i < kMaxLocations; ++i) {
      const Value& v = *of_kind[i];
      if (!location.empty()) location += "；";
      location += !v.table_location.empty() ? v.table_location
                                            : ParagraphLocation(source.text, v.text_offset, source.attachment);
      if (v.under_masked) location += kUnderMasked;
    }
    if (of_kind.size() > kMaxLocations) location += " 等，共 " + std::to_string(of_kind.size()) + " 处";
    f.location = std::move(location);

    // Stable while the same values stay published, whatever their order on the page.
    std::vector<std::string> masked;
    for (const Value* v : of_kind) masked.push_back(v->masked);
    std::sort(masked.begin(), masked.end());
    std::string joined;
    for (const std::string& m : masked) joined += m + "\n";
    f.evidence_key = Hex64(Fnv1a64(joined));
    return f;
  }
};

}  // namespace

void AddPiiRules(RuleList* list) {
  list->page.push_back(std::make_unique<PiiRule>());
  for (PiiKind kind : {PiiKind::kMobile, PiiKind::kBankCard, PiiKind::kAddress}) {
    list->extra_infos.push_back(RuleInfoOf(kind));
  }
}

}  // namespace govaudit::internal
