// Personal-data (PII) scanner: finds resident ID numbers, mobile numbers, bank card
// numbers and home addresses in UTF-8 page text, table cells and attachment text.
//
// Pure functions, no I/O. The text is read once, left to right, without regular
// expressions: digit runs are collected as they are met (ASCII and full-width digits,
// '*' masks, single ' '/'-' separators) and classified when the run ends; address
// labels are recognised at the colon that follows them and table columns at the cell
// boundaries ('\t' between cells, '\n' between blocks). Digits are never joined across
// '\t' or '\n'.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace govaudit::pii {

enum class PiiKind { kIdNumber, kMobile, kBankCard, kAddress };

// "pii.id_number", "pii.mobile", "pii.bank_card", "pii.address".
std::string_view RuleId(PiiKind kind);

// How much of a value must be hidden for a masked value to be compliant.
inline constexpr int kIdMinHiddenChars = 6;      // of 18 (15 for legacy IDs)
inline constexpr int kMobileMinHiddenDigits = 4;  // of 11
inline constexpr int kCardMinHiddenDigits = 6;    // of 16..19

// Shown right after the masked form of a value the site masked too little, in evidence and in
// snapshots: masked again, it would look like the compliant values beside it.
inline constexpr const char* kUnderMaskedMark = "〔遮盖不足〕";

struct PiiHit {
  PiiKind kind;
  size_t offset;       // byte offset in the scanned text
  size_t length;       // byte length of the raw match (a "+86" prefix included)
  std::string masked;  // safe to show (see MaskValue)
  bool insufficiently_masked = false;  // the site masked it but hid too little
};

// Every unmasked or insufficiently masked value in the text, ordered by offset.
// Compliantly masked values (640521********1234, 139****5678) are not reported.
std::vector<PiiHit> ScanText(std::string_view utf8_text);

// Tables: the header row decides context. A 住址 column makes every cell below it an
// address candidate; a 卡号/账号 column gives its cells bank-card context. A label cell
// ("家庭住址", "银行卡号") gives the same context to the cell on its right.
// rows[header_row] holds the header; header_row < 0 means there is none.
// Hit offsets are byte offsets inside rows[row][column].
struct TableHit {
  PiiHit hit;
  int row;
  int column;
};
std::vector<TableHit> ScanTable(const std::vector<std::vector<std::string>>& rows,
                                int header_row);

// A safe rendering of a raw value (separators, full-width digits and a +86/0086 prefix
// allowed): ID 640521********1234 (first 6, last 4; legacy 15-digit: first 6, last 3),
// mobile 139****5678, card 6222********1234 (first 4, last 4), address kept up to the
// township (镇/乡/街道; else the county or district) followed by "***". Never contains
// the middle digits.
std::string MaskValue(PiiKind kind, std::string_view raw);

// The text around [offset, offset + length) with context_bytes on each side, cut on
// UTF-8 boundaries, in which every PII value is masked (not only the one at offset).
// A value cut by the window edge is left out rather than shown in part.
std::string SafeExcerpt(std::string_view utf8_text, size_t offset, size_t length,
                        size_t context_bytes = 60);

}  // namespace govaudit::pii
