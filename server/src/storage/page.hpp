#pragma once
// One page of a listing and how many there are in all.
#include <cstdint>
#include <vector>

namespace classroom {

template <class Row>
struct Page {
  std::vector<Row> items;
  std::int64_t total = 0;
};

}  // namespace classroom
