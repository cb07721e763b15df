// The items of a list page (a column, the home page): content links with the date written
// in the same list row. The national inspection indicators (国办秘函〔2019〕19号) judge
// columns and the home page by their newest item, so this is what the freshness rules read.
// Independent of page kinds: it needs only the page model.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/date.h"
#include "page/page.h"

namespace govaudit {

struct ListItem {
  std::string title;          // the link's text
  std::string url;            // absolute, normalised
  std::optional<Date> date;   // the date written in the item's row, if any
};

struct ListPage {
  // Content links that sit in a list row (<li>, <tr>, <dd>, <dt>, <p>), in page order, one
  // per URL. A link counts when its text has at least 5 characters and is not navigation
  // (首页, 更多, 上一页, 下一篇 ...). Undated links are kept only when they point at a
  // document rather than a column index (index.html, a path ending in "/"): menus in <li>
  // are not items.
  std::vector<ListItem> items;
  // The page says it has nothing to list: a short line reading 暂无信息, 暂无数据, 正在建设中,
  // 栏目建设中 ... (config/indicators.toml [list] empty_markers).
  bool empty_marker = false;
  std::string empty_marker_line;  // that line, for evidence

  int dated_items() const;
  // The newest item dated on or before `as_of` (later dates prove nothing about updates).
  const ListItem* Newest(const Date& as_of) const;
};

// A month and day written without the year ("11-20", "03/05", "3月5日"), the first in `text`;
// not one inside a longer date, time or number.
struct MonthDay {
  int month = 0;
  int day = 0;
};
std::optional<MonthDay> FindMonthDay(std::string_view text);

// The date that ends a link's text when it is written with digits and dashes, slashes or dots
// ("标题2026-11-23": <a>标题<small>2026-11-23</small></a>, templates that put the item's date
// inside its link), or under a label ("标题 (成文日期：2026年04月24日)"); titles quote their
// dates with 年月日, and not so at their end.
std::optional<Date> DateEndingAnchor(std::string_view anchor);

// Reads the items of `page`. The item's date is the first date after its link in the row,
// else the first before it, else the one ending the link's text (DateEndingAnchor); the link's
// text is not otherwise read for a date (titles quote dates). With `as_of`, a date written without its year ("11-20",
// "[03/05]", "3月5日"), as home pages do, takes the latest year that does not put it after `as_of`.
ListPage ExtractListItems(const Page& page, const std::optional<Date>& as_of = std::nullopt);

// True if the page is a list (a column page) rather than an article: it lists at least 3
// dated items ([list] min_dated_items), and it has no publish date of its own, or its
// "publish date" is only one of the rows' dates (发布时间：… written in every row) and it has
// no ArticleTitle meta tag. An article with a dated "related articles" box is no list.
bool IsListPage(const Page& page, const ListPage& list);

// True if the URL is a later page of a paginated list (index_1.html, list_3.shtml,
// ?page=2): such pages show older items by design.
bool IsLaterListPage(const std::string& url);

}  // namespace govaudit
