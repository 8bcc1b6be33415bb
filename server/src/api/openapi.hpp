#pragma once
// The OpenAPI 3.1 description of every route: server/openapi/openapi.json, embedded
// at build time (cmake/EmbedText.cmake writes the .cpp that defines it).
#include <string_view>

namespace classroom {

std::string_view openapi_document();

}  // namespace classroom
