// The outage journal's record reader (live/journal.hpp): never a crash or an escaping
// exception, and a record it reads is written back as a line it reads again to the same
// line (journal_line(parse(x)) is a fixed point after one step).
#include "check.hpp"
#include "live/journal.hpp"

#include <cstdint>
#include <string>

using namespace classroom;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // Journal::read hands over one getline() line: no '\n' inside.
  std::string line(reinterpret_cast<const char*>(data), size);
  if (line.find('\n') != std::string::npos) line.resize(line.find('\n'));
  try {
    auto w = parse_journal_line(line);
    if (!w) return 0;
    std::string once = journal_line(*w);
    FUZZ_CHECK(!once.empty() && once.back() == '\n' && once.find('\n') == once.size() - 1,
               "journal_line is not one line: %s", once.c_str());
    std::string record = once.substr(0, once.size() - 1);
    auto back = parse_journal_line(record);
    FUZZ_CHECK(back.has_value(), "a record written from a read one does not read back: %s", record.c_str());
    FUZZ_CHECK(back->index() == w->index(), "kind changed on the way back: %s", record.c_str());
    std::string twice = journal_line(*back);
    FUZZ_CHECK(twice == once, "not a fixed point:\n  %s  %s", once.c_str(), twice.c_str());
  } catch (const std::exception& e) {
    fuzz_unexpected("parse_journal_line/journal_line", &e);
  }
  return 0;
}
