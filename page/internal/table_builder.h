// A table as it is walked: cells placed in a grid after colspan/rowspan expansion, the header
// row and the caption decided when it closes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "page/page.h"

namespace govaudit::internal {

struct TableBuilder {
  size_t page_index = 0;  // slot in Page::tables
  std::vector<std::vector<std::string>> grid;
  std::vector<std::vector<uint8_t>> occupied;
  struct RowInfo {
    int cells = 0;     // cells that start in this row
    int th_cells = 0;
    int nonempty_cells = 0;
  };
  std::vector<RowInfo> info;
  int real_rows = 0;    // rows opened by <tr>; rowspans do not add rows
  int current_row = -1;
  size_t cursor = 0;    // next column in the current row
  size_t cells_placed = 0;
  size_t row_bare_mark = 0;  // bare-label count when the current row started
  std::string caption;

  void EnsureRow(size_t r) {
    if (grid.size() <= r) {
      grid.resize(r + 1);
      occupied.resize(r + 1);
      info.resize(r + 1);
    }
  }

  void StartRow() {
    current_row = real_rows++;
    EnsureRow(current_row);
    cursor = 0;
  }

  void AddCell(std::string text, int colspan, int rowspan, bool is_th);

  PageTable Finish();
};

}  // namespace govaudit::internal
