#pragma once
// An RFC 4180 reader for files people export from spreadsheets: quoted fields may
// hold commas, doubled quotes and line breaks; CRLF and LF line ends alike; a UTF-8
// byte-order mark is skipped. (Debian's libcsv would do the splitting too, but not the
// line numbers, the UTF-8 check or the `;` diagnosis, which are most of this file.)
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace classroom {

struct CsvRecord {
  std::size_t line = 0;  // the file's line the record starts on, from 1
  std::vector<std::string> fields;
};

struct CsvFile {
  std::vector<CsvRecord> records;  // blank lines left out
  std::string error;               // set when the file cannot be read at all; then no records
  std::size_t error_line = 0;
  bool ok() const { return error.empty(); }
};

// The first byte sequence that is not UTF-8, as an offset; npos when the text is UTF-8.
std::size_t invalid_utf8_at(std::string_view text);

CsvFile read_csv(std::string_view text);

}  // namespace classroom
