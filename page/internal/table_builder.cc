#include "page/internal/table_builder.h"

#include <algorithm>

#include "common/strings.h"
#include "page/internal/limits.h"

namespace govaudit::internal {

void TableBuilder::AddCell(std::string text, int colspan, int rowspan, bool is_th) {
  if (current_row < 0) StartRow();
  const size_t r = current_row;
  while (cursor < occupied[r].size() && occupied[r][cursor]) ++cursor;
  const size_t c = cursor;
  RowInfo& ri = info[r];
  ++ri.cells;
  ri.th_cells += is_th;
  ri.nonempty_cells += !text.empty();
  cursor = c + colspan;
  if (c >= kMaxTableColumns || cells_placed >= kMaxTableCells) return;
  colspan = static_cast<int>(std::min<size_t>(colspan, kMaxTableColumns - c));
  for (int dr = 0; dr < rowspan; ++dr) {
    size_t rr = r + dr;
    EnsureRow(rr);
    if (grid[rr].size() < c + colspan) {
      grid[rr].resize(c + colspan);
      occupied[rr].resize(c + colspan, 0);
    }
    for (int dc = 0; dc < colspan; ++dc) {
      if (++cells_placed > kMaxTableCells) break;
      grid[rr][c + dc] = text;
      occupied[rr][c + dc] = 1;
    }
  }
}

PageTable TableBuilder::Finish() {
  PageTable t;
  grid.resize(real_rows);
  size_t width = 0;
  for (const auto& row : grid) width = std::max(width, row.size());
  for (auto& row : grid) row.resize(width);
  t.rows = std::move(grid);
  const int search = std::min(real_rows, kHeaderSearchRows);
  for (int r = 0; r < search && t.header_row < 0; ++r) {
    if (info[r].cells > 0 && info[r].th_cells == info[r].cells) t.header_row = r;
  }
  // Without <th>: the first row naming at least two columns, skipping title rows that span.
  for (int r = 0; r < search && t.header_row < 0; ++r) {
    if (info[r].nonempty_cells >= 2) t.header_row = r;
  }
  if (t.header_row < 0 && real_rows > 0) t.header_row = 0;
  t.caption = std::move(caption);
  // A title row spanning the table above the header ("…补贴对象信息一览表") names it.
  for (int r = 0; r < t.header_row && t.caption.empty(); ++r) {
    if (info[r].nonempty_cells != 1) continue;
    for (const std::string& cell : t.rows[r]) {
      if (!cell.empty()) {
        if (CodePoints(cell) <= kCaptionMaxCodePoints) t.caption = cell;
        break;
      }
    }
  }
  return t;
}

}  // namespace govaudit::internal
