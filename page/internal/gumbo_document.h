// RAII owner of one Gumbo parse: the HTML buffer the tree points into and the memory the tree
// lives in. This is the only place gumbo_parse is called.
#pragma once

#include <gumbo.h>

#include <cstddef>
#include <memory>
#include <string_view>

namespace govaudit::internal {

class ParseArena;

class OwnedGumboDocument {
 public:
  // Copies html: Gumbo's nodes keep pointers into the parsed buffer, so it must outlive them.
  explicit OwnedGumboDocument(std::string_view html);
  // A fragment parsed as the contents of a `context` element (HTML a script writes inside a
  // <td> or a <ul>); root() is then an <html> element holding the fragment's nodes.
  // GUMBO_TAG_LAST parses a whole document.
  OwnedGumboDocument(std::string_view html, GumboTag context);
  ~OwnedGumboDocument();

  OwnedGumboDocument(const OwnedGumboDocument&) = delete;
  OwnedGumboDocument& operator=(const OwnedGumboDocument&) = delete;
  OwnedGumboDocument(OwnedGumboDocument&& other) noexcept;
  OwnedGumboDocument& operator=(OwnedGumboDocument&& other) noexcept;

  // The document node (children: doctype-less comments and the <html> element); never null
  // unless the document was moved from.
  const GumboNode* document() const { return output_ ? output_->document : nullptr; }
  // The <html> element Gumbo always creates.
  const GumboNode* root() const { return output_ ? output_->root : nullptr; }

 private:
  // Heap storage whose address survives moves (a moved std::string may relocate short data).
  std::unique_ptr<char[]> html_;
  // Every allocation of the parse; the tree dies with it (gumbo_destroy_output is not needed).
  std::unique_ptr<ParseArena> arena_;
  // Points into arena_; null in a moved-from document.
  GumboOutput* output_ = nullptr;
};

// An attribute's value, or null; HasNonEmptyAttr: present and not blank; SpanAttr: a colspan /
// rowspan as a number from 1 to kMaxSpan (1 when absent or unreadable).
const char* Attr(const GumboNode* node, const char* name);
bool HasNonEmptyAttr(const GumboNode* node, const char* name);
int SpanAttr(const GumboNode* node, const char* name);

}  // namespace govaudit::internal
