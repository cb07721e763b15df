// Questions across sites, for an operator of a province's central store (govaudit stats).
#include "db/internal/connection.h"

namespace govaudit::db {

StatusOr<std::vector<OpenFindingCount>> Store::OpenFindingCounts() {
  ASSIGN_OR_RETURN(Statement stmt, impl_->Prepare("SELECT site, rule, count(*) FROM finding_history "
                                                  "WHERE status IN ('open','acknowledged') GROUP BY site, rule "
                                                  "ORDER BY site, rule"));
  return CollectRows<OpenFindingCount>(stmt, [](const Statement& s) {
    return OpenFindingCount{s.Text(0), s.Text(1), s.Int(2)};
  });
}

StatusOr<std::vector<std::string>> Store::Sites() {
  ASSIGN_OR_RETURN(Statement stmt, impl_->Prepare("SELECT site FROM runs GROUP BY site ORDER BY site"));
  return CollectRows<std::string>(stmt, [](const Statement& s) { return s.Text(0); });
}

}  // namespace govaudit::db
