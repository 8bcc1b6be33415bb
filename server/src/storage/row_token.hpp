#pragma once
// A capability token kept in one column of one row (calendar feeds, door displays).
// Storage-internal.
#include "storage/db.hpp"

#include <cstdint>
#include <string>

namespace classroom {

// The token in `table`.`column` of row `id`; `fresh` becomes it when there is none
// yet or `renew` is set. NotFound naming `what` when there is no such row. `table`
// and `column` are names from the code, never text from a request.
std::string row_token(Db& db, const char* table, const char* column, const char* what, std::int64_t id,
                      const std::string& fresh, bool renew);

}  // namespace classroom
