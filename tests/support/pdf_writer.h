// Writes small PDFs in memory for tests: one page, one Helvetica text object, the xref offsets
// computed as the file is written. Optionally locked with a user password nobody knows.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

namespace govaudit::testing {

// A one-page PDF whose content stream is `content` (e.g. "BT /F1 12 Tf 72 720 Td (text) Tj ET").
inline std::string MakePdf(const std::string& content, bool encrypted = false) {
  std::string pdf = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n";
  std::vector<size_t> offsets;
  auto add_object = [&](const std::string& body) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(offsets.size()) + " 0 obj\n" + body + "\nendobj\n";
  };
  add_object("<< /Type /Catalog /Pages 2 0 R >>");
  add_object("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
  add_object(
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
      "/Resources << /Font << /F1 5 0 R >> >> >>");
  add_object("<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content + "\nendstream");
  add_object("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
  if (encrypted) {
    // Standard security handler with a user password: the O and U entries match no empty
    // password, so a reader without the password cannot open the document.
    add_object(
        "<< /Filter /Standard /V 1 /R 2 /P -44 "
        "/O <0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF> "
        "/U <FEDCBA9876543210FEDCBA9876543210FEDCBA9876543210FEDCBA9876543210> >>");
  }
  const size_t xref = pdf.size();
  pdf += "xref\n0 " + std::to_string(offsets.size() + 1) + "\n0000000000 65535 f \n";
  for (size_t offset : offsets) {
    char line[32];
    std::snprintf(line, sizeof line, "%010zu 00000 n \n", offset);
    pdf += line;
  }
  pdf += "trailer\n<< /Size " + std::to_string(offsets.size() + 1) + " /Root 1 0 R";
  if (encrypted) {
    pdf +=
        " /Encrypt 6 0 R /ID [<00112233445566778899AABBCCDDEEFF> "
        "<00112233445566778899AABBCCDDEEFF>]";
  }
  pdf += " >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return pdf;
}

}  // namespace govaudit::testing
