// POST /api/admin/imports/timetable[?dry_run=1][&skip_errors=1]: the registrar's CSV
// file as the body (text/csv, up to --import-max-mb, whatever --body-limit says).
#include "api/common.hpp"
#include "api/routes.hpp"
#include "present/timetable.hpp"
#include "services/timetable_import.hpp"

namespace classroom {

namespace {

bool flag(const Request& req, const std::string& name) {
  auto v = req.query_param(name);
  if (!v) return false;
  if (*v == "1" || *v == "true") return true;
  if (v->empty() || *v == "0" || *v == "false") return false;
  throw BadRequest(name, name + " must be 1 or 0");
}

bool is_csv(const std::string& content_type) {
  auto type = content_type.substr(0, content_type.find(';'));
  while (!type.empty() && type.back() == ' ') type.pop_back();
  for (auto& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return type == "text/csv";
}

}  // namespace

void add_timetable_import_routes(Router& r, TimetableImportService& imports) {
  r.add("POST", "/api/admin/imports/timetable", Access::admin, [&imports](Request& req) {
    if (!is_csv(req.header("content-type")))
      throw HttpError(415, "Unsupported media type", "Send the timetable as text/csv (UTF-8)", "content-type");
    ImportOptions options{flag(req, "dry_run"), flag(req, "skip_errors")};
    auto report = imports.run(req.body, options, Named{req.caller->user_id, req.caller->username});
    auto body = import_report_json(report);
    if (!refused(report, options)) return ok(body);
    body["error"] = "Invalid timetable";
    body["message"] = std::to_string(report.errors.size()) + " error(s) in the file; nothing was imported";
    return json_response(400, body);
  });
}

}  // namespace classroom
