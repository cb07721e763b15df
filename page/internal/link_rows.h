// The list row around each link (PageLink::context): the text of its <li>, <tr>, <dd>, <dt> or
// <p>, or of a short <div> when no such row holds it, so that a list item's date stands beside
// its title whatever element the template builds rows of.
#pragma once

#include <gumbo.h>

#include <cstddef>
#include <string_view>
#include <vector>

#include "page/page.h"

namespace govaudit::internal {

class LinkRows {
 public:
  // Called for each visible element as it opens, with the number of links read so far. True if
  // the element may be a row: Close must then be called when it closes.
  bool Open(GumboTag tag, size_t links_so_far);
  // Gives the links opened since the row's Open the row's text (`row_text`: everything written
  // since the row opened).
  void Close(GumboTag tag, std::string_view row_text, std::vector<PageLink>& links);

 private:
  void CloseDiv(size_t first, std::string_view row_text, std::vector<PageLink>& links);

  std::vector<size_t> first_link_;            // per open row: its first link's index
  int open_rows_ = 0;                         // open <li>, <tr>, <dd>, <dt>, <p> (not <div>)
  std::vector<bool> context_from_div_;        // per link: a <div>'s text, an outer one may widen it
  // The links of the last <dt> or <li> row, until a row that goes on with its detail closes.
  struct RowLinks {
    GumboTag tag = GUMBO_TAG_UNKNOWN;
    size_t first = 0;
    size_t end = 0;
  };
  RowLinks row_links_;
};

}  // namespace govaudit::internal
