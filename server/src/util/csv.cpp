#include "util/csv.hpp"

#include <algorithm>

namespace classroom {

std::size_t invalid_utf8_at(std::string_view text) {
  auto at = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  for (std::size_t i = 0; i < text.size();) {
    unsigned char c = at(i);
    std::size_t more = c < 0x80 ? 0 : c >= 0xC2 && c <= 0xDF ? 1 : (c >> 4) == 0xE ? 2 : c >= 0xF0 && c <= 0xF4 ? 3 : 4;
    if (more == 4 || i + more >= text.size() + (more == 0)) return i;  // a stray byte, or cut short
    for (std::size_t k = 1; k <= more; ++k)
      if ((at(i + k) & 0xC0) != 0x80) return i;
    // Overlong forms, surrogates and values past U+10FFFF are not UTF-8 either.
    if (more == 2 && ((c == 0xE0 && at(i + 1) < 0xA0) || (c == 0xED && at(i + 1) >= 0xA0))) return i;
    if (more == 3 && ((c == 0xF0 && at(i + 1) < 0x90) || (c == 0xF4 && at(i + 1) >= 0x90))) return i;
    i += more + 1;
  }
  return std::string_view::npos;
}

CsvFile read_csv(std::string_view text) {
  CsvFile out;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  if (auto bad = invalid_utf8_at(text); bad != std::string_view::npos) {
    out.error = "the file is not UTF-8 text: save it as \"CSV UTF-8\"";
    out.error_line = 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<long>(bad), '\n'));
    return out;
  }
  std::size_t line = 1, i = 0;
  while (i < text.size()) {
    CsvRecord rec{line, {}};
    std::string field;
    bool record_done = false;
    while (!record_done) {
      field.clear();
      if (i < text.size() && text[i] == '"') {
        std::size_t opened = line;
        ++i;
        for (;;) {
          if (i >= text.size()) {
            out = CsvFile{};
            out.error = "a quoted field opened on line " + std::to_string(opened) + " is never closed";
            out.error_line = opened;
            return out;
          }
          char c = text[i++];
          if (c == '"') {
            if (i < text.size() && text[i] == '"') {
              field += '"';
              ++i;
              continue;
            }
            break;
          }
          if (c == '\n') ++line;
          if (c == '\r') {
            if (i < text.size() && text[i] == '\n') continue;  // CRLF inside a field reads as LF
            c = '\n';                                           // and so does a lone CR (old Macs)
          }
          field += c;
        }
        // Text between the closing quote and the separator is kept, as spreadsheets do.
        while (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r') field += text[i++];
      } else {
        while (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r') field += text[i++];
      }
      rec.fields.push_back(field);
      if (i < text.size() && text[i] == ',') {
        ++i;
        continue;
      }
      if (i < text.size() && text[i] == '\r') ++i;
      if (i < text.size() && text[i] == '\n') ++i;
      ++line;
      record_done = true;
    }
    bool blank = rec.fields.size() == 1 && rec.fields[0].empty();
    if (!blank) out.records.push_back(std::move(rec));
  }
  return out;
}

}  // namespace classroom
