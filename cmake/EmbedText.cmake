# Writes OUT, a .cpp defining `std::string_view NAME()` (in namespace classroom) that
# returns the text of IN, so the binary carries the file and never looks for it.
# Usage: cmake -DIN=file -DOUT=file.cpp -DNAME=function -DHEADER=api/x.hpp -P EmbedText.cmake
file(READ ${IN} text)
set(delimiter "embedded_text")
string(FIND "${text}" ")${delimiter}\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${IN} contains the raw string's delimiter )${delimiter}\"")
endif()
file(WRITE ${OUT}.tmp "// Generated from ${IN} by cmake/EmbedText.cmake: do not edit.
#include \"${HEADER}\"

namespace classroom {

std::string_view ${NAME}() {
  // An array, not a constexpr string_view: its length is known without a constexpr
  // loop over the text (GCC stops those at 262,144 steps).
  static constexpr char text[] = R\"${delimiter}(${text})${delimiter}\";
  return {text, sizeof text - 1};
}

}  // namespace classroom
")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
file(REMOVE ${OUT}.tmp)
