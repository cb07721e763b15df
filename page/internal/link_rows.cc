#include "page/internal/link_rows.h"

#include <string>

#include "common/utf8.h"
#include "page/internal/limits.h"
#include "page/internal/text_builder.h"

namespace govaudit::internal {

namespace {
// A block around more links than this is a menu or a whole list, not one item (and the bound
// keeps nested blocks around thousands of image links from copying their text again and again).
constexpr size_t kMaxDivRowLinks = 32;
// A row without links after a title's row is its detail (a date, a source) only if this short.
constexpr size_t kMaxDetailRowBytes = 60;
}  // namespace

bool LinkRows::Open(GumboTag tag, size_t links_so_far) {
  if (tag == GUMBO_TAG_LI || tag == GUMBO_TAG_TR || tag == GUMBO_TAG_DD || tag == GUMBO_TAG_DT || tag == GUMBO_TAG_P) {
    ++open_rows_;
  } else if (tag != GUMBO_TAG_DIV || open_rows_ > 0) {
    return false;  // a <div> inside a row is part of the row
  }
  first_link_.push_back(links_so_far);
  return true;
}

void LinkRows::Close(GumboTag tag, std::string_view row_text, std::vector<PageLink>& links) {
  // Links of inner rows got their own row's text when those rows closed.
  const size_t first = first_link_.back();
  first_link_.pop_back();
  if (tag == GUMBO_TAG_DIV) {
    CloseDiv(first, row_text, links);
    return;
  }
  --open_rows_;
  if (first < links.size()) {
    const std::string context = CleanCapture(Utf8Prefix(row_text, kMaxLinkContextBytes));
    for (size_t i = first; i < links.size(); ++i) {
      if (links[i].context.empty()) links[i].context = context;
    }
    const bool may_go_on = tag == GUMBO_TAG_DT || tag == GUMBO_TAG_LI;
    row_links_ = may_go_on ? RowLinks{tag, first, links.size()} : RowLinks{};
  } else {
    // <dt><a>标题</a></dt><dd>2026-11-25</dd>: the term's row goes on in its description; so does
    // a title's <li> in a short <li> after it without links (<li class="tit"><a>标题</a></li>
    // <li class="time">2026-05-12</li>, one <ul> per item).
    const bool goes_on = row_links_.first < row_links_.end &&
                         ((tag == GUMBO_TAG_DD && row_links_.tag == GUMBO_TAG_DT) ||
                          (tag == GUMBO_TAG_LI && row_links_.tag == GUMBO_TAG_LI && row_text.size() <= kMaxDetailRowBytes));
    if (goes_on) {
      const std::string detail = CleanCapture(Utf8Prefix(row_text, kMaxLinkContextBytes));
      for (size_t i = row_links_.first; i < row_links_.end && i < links.size(); ++i) {
        if (links[i].context.size() + detail.size() < kMaxLinkContextBytes) links[i].context += " " + detail;
      }
    }
    // Past its detail, or past a longer <li> that is none, the title's row has ended.
    if (goes_on || tag == GUMBO_TAG_LI) row_links_ = {};
  }
}

// A list built of <div>s (picture lists: image, title, summary, date) has no row element: a
// link outside any row takes the text of the largest block around it that is still short.
void LinkRows::CloseDiv(size_t first, std::string_view row_text, std::vector<PageLink>& links) {
  if (first >= links.size() || links.size() - first > kMaxDivRowLinks || row_text.size() > kMaxDivRowBytes) {
    return;
  }
  if (context_from_div_.size() < links.size()) context_from_div_.resize(links.size(), false);
  std::string context;
  for (size_t i = first; i < links.size(); ++i) {
    if (!links[i].context.empty() && !context_from_div_[i]) continue;
    if (context.empty()) context = CleanCapture(row_text);
    links[i].context = context;
    context_from_div_[i] = true;
  }
}

}  // namespace govaudit::internal
