// classroomd backup / restore: a copy taken while the server stores reports, loaded
// into a new database, served again with all of its data.
#include "booking_fixture.hpp"
#include "nodes.hpp"

#include <atomic>
#include <fstream>
#include <sstream>
#include <thread>

namespace {

struct CliResult {
  int status;
  std::string output;
};

// Runs `classroomd ARGS` and returns its exit status and what it printed.
CliResult classroomd(const std::string& args) {
  static int n = 0;
  auto out = ts::make_temp_dir("cli") + "/out" + std::to_string(++n);
  int status = ts::run(std::string(CLASSROOMD_BIN) + " " + args + " > " + out + " 2>&1");
  std::ifstream in(out);
  std::stringstream ss;
  ss << in.rdbuf();
  return {status, ss.str()};
}

std::string sh_quote(const std::string& s) { return "'" + s + "'"; }

std::int64_t count_rows(const std::string& db, const std::string& table) {
  return std::stoll(ts::sql(db, "SELECT COUNT(*) FROM " + table));
}

}  // namespace

class BackupTest : public ApiTest {
 protected:
  std::string backup_file() { return ts::make_temp_dir("backup") + "/classroom.backup"; }
};
CLASSROOM_INSTANTIATE(BackupTest);

TEST_P(BackupTest, ACopyTakenWhileNodesReportRestoresIntoAServerWithAllItsData) {
  auto n = register_node(port(), admin_, "node-1");
  auto room = n.room;
  auto start = (unix_now() / 3600 + 48) * 3600;
  auto booking = post("/api/staff/bookings",
                      json::object{{"classroom_id", room}, {"start_time", iso_utc(start)},
                                   {"end_time", iso_utc(start + 3600)}, {"title", "Kept lecture"}},
                      staff_);
  ASSERT_EQ(booking.status, 201) << booking.body;
  // A node keeps reporting while the backup runs.
  std::atomic<int> accepted{0};
  std::atomic<bool> stop{false};
  std::thread node([&] {
    for (int seq = 1; seq <= 2000 && !stop; ++seq)
      if (report(port(), n, seq % 2 == 0, seq).status == 200) ++accepted;
  });
  while (accepted < 50) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  auto before = stored_reports(db_, n);
  auto file = backup_file();
  auto backup = classroomd("backup --db " + sh_quote(db_) + " --out " + sh_quote(file));
  int accepted_after_backup = accepted;
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  stop = true;
  node.join();
  ASSERT_EQ(backup.status, 0) << backup.output;
  EXPECT_NE(backup.output.find("backup written to " + file), std::string::npos) << backup.output;
  EXPECT_GT(accepted.load(), accepted_after_backup) << "the server went on taking reports";
  if (GetParam() == "sqlite") {
    EXPECT_EQ(ts::sql("sqlite:" + file, "PRAGMA integrity_check"), "ok");
    EXPECT_EQ(ts::sql("sqlite:" + file, "PRAGMA journal_mode"), "delete") << "one self-contained file";
  }

  auto restored = ts::fresh_db(GetParam());
  auto restore = classroomd("restore --db " + sh_quote(restored) + " --in " + sh_quote(file));
  ASSERT_EQ(restore.status, 0) << restore.output;
  auto in_copy = stored_reports(restored, n);
  EXPECT_GE(in_copy, before);
  EXPECT_LE(in_copy, stored_reports(db_, n));
  EXPECT_EQ(ts::sql(restored, "SELECT MAX(version) FROM schema_migrations"),
            ts::sql(db_, "SELECT MAX(version) FROM schema_migrations"));

  server_.reset();
  ts::Server again(restored);
  auto admin = ts::login(again.port(), "admin", ts::kAdminPassword);
  auto staff = ts::login(again.port(), "staff", ts::kStaffPassword);
  auto devices = ts::http_json(again.port(), "GET", "/api/admin/devices", nullptr, admin);
  ASSERT_EQ(devices.status, 200);
  EXPECT_NE(devices.body.find("\"node-1\""), std::string::npos) << devices.body;
  auto bookings = ts::http_json(again.port(), "GET", "/api/staff/bookings", nullptr, staff);
  EXPECT_NE(bookings.body.find("Kept lecture"), std::string::npos) << bookings.body;
  // The node's key is in the copy, and so is how far its reports got.
  auto answer = report(again.port(), n, true, 5000);
  EXPECT_EQ(answer.status, 200) << answer.body;
  EXPECT_EQ(stored_reports(restored, n), in_copy + 1);
}

TEST_P(BackupTest, RestoreRefusesANonEmptyDatabaseOrAFileThatIsNoBackupAndChangesNothing) {
  auto file = backup_file();
  ASSERT_EQ(classroomd("backup --db " + sh_quote(db_) + " --out " + sh_quote(file)).status, 0);
  // A second backup to the same file would overwrite the first: refused.
  auto again = classroomd("backup --db " + sh_quote(db_) + " --out " + sh_quote(file));
  EXPECT_NE(again.status, 0);
  EXPECT_NE(again.output.find("exists already"), std::string::npos) << again.output;
  ASSERT_EQ(post("/api/admin/users",
                 json::object{{"username", "later"}, {"email", "later@campus.test"}, {"password", "later-password-1"},
                              {"role", "staff"}},
                 admin_)
                .status,
            201);
  server_.reset();
  auto users = count_rows(db_, "users");

  auto refused = classroomd("restore --db " + sh_quote(db_) + " --in " + sh_quote(file));
  EXPECT_NE(refused.status, 0);
  EXPECT_NE(refused.output.find("is not empty"), std::string::npos) << refused.output;
  EXPECT_NE(refused.output.find("--force"), std::string::npos) << refused.output;
  EXPECT_EQ(count_rows(db_, "users"), users);

  auto junk = ts::make_temp_dir("junk") + "/junk";
  std::ofstream(junk) << "not a backup\n";
  for (const auto& bad : {junk, std::string("/nonexistent/backup")}) {
    auto fresh = ts::fresh_db(GetParam());
    auto r = classroomd("restore --db " + sh_quote(fresh) + " --in " + sh_quote(bad));
    EXPECT_NE(r.status, 0) << bad;
    EXPECT_TRUE(r.output.find("is not a classroomd") != std::string::npos ||
                r.output.find("no backup at") != std::string::npos)
        << r.output;
    if (GetParam() == "sqlite") EXPECT_EQ(ts::run("test -e " + sh_quote(fresh.substr(7))), 1) << "nothing created";
    else EXPECT_EQ(ts::sql(fresh, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'"), "0");
  }
  auto forced = classroomd("restore --force --db " + sh_quote(db_) + " --in " + sh_quote(file));
  ASSERT_EQ(forced.status, 0) << forced.output;
  EXPECT_EQ(count_rows(db_, "users"), users - 1) << "the content is the backup's";
  EXPECT_EQ(ts::sql(db_, "SELECT COUNT(*) FROM users WHERE username = 'later'"), "0");
}

TEST(Backup, OfADatabaseThatIsNotThereFailsAndWritesNothing) {
  auto dir = ts::make_temp_dir("backup");
  auto r = classroomd("backup --db sqlite:" + dir + "/missing.db --out " + dir + "/b");
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.output.find("no database at"), std::string::npos) << r.output;
  EXPECT_EQ(ts::run("test -e " + dir + "/b -o -e " + dir + "/b.partial -o -e " + dir + "/missing.db"), 1);
  auto pg = ts::Postgres::instance().create_database();
  auto unreachable = pg.substr(0, pg.rfind('/')) + "/no_such_database";
  auto p = classroomd("backup --db " + sh_quote(unreachable) + " --out " + dir + "/p");
  EXPECT_NE(p.status, 0);
  EXPECT_NE(p.output.find("pg_dump failed"), std::string::npos) << p.output;
  EXPECT_EQ(ts::run("test -e " + dir + "/p -o -e " + dir + "/p.partial"), 1);
}
