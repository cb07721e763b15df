// The one gate for text that leaves the program: every report, export, log line, terminal
// line and stored finding passes through SafeText. It masks personal data wherever it sits (a
// title, a URL, anchor text, evidence), drops control characters that could rewrite a terminal
// or reorder text (C0/C1 controls, escape sequences, bidirectional overrides), and for
// spreadsheets neutralises cells that Excel would run as formulas.
#pragma once

#include <string>
#include <string_view>

namespace govaudit::pii {

enum class Sink {
  kText,      // JSON, HTML (escaped after), stored findings, messages
  kCsv,       // a CSV or xlsx cell: also no formula
  kTerminal,  // a line on a terminal or in a log: also no tab or carriage return
};

// Every unmasked or insufficiently masked ID, mobile or card number replaced by its masked
// form (MaskValue); text without personal data comes back unchanged.
std::string MaskPersonalData(std::string_view text);

std::string SafeText(std::string_view text, Sink sink = Sink::kText);

}  // namespace govaudit::pii
