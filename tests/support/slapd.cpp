#include "slapd.hpp"

#include "harness.hpp"

#include <chrono>
#include <fstream>
#include <stdexcept>
#include <thread>

namespace testing_support {

namespace {

const char* kRootDn = "cn=admin,dc=uni,dc=example";
const char* kRootPassword = "root-secret-1";

// Active Directory's two attributes, under a private OID arc.
const char* kAdSchema = R"(attributetype ( 1.3.6.1.4.1.99999.7.1.1 NAME 'sAMAccountName'
  EQUALITY caseIgnoreMatch SUBSTR caseIgnoreSubstringsMatch
  SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
attributetype ( 1.3.6.1.4.1.99999.7.1.2 NAME 'memberOf'
  EQUALITY distinguishedNameMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.12 )
objectclass ( 1.3.6.1.4.1.99999.7.2.1 NAME 'adUser' SUP top AUXILIARY
  MAY ( sAMAccountName $ memberOf ) )
)";

void write_file(const std::string& path, const std::string& text) {
  std::ofstream(path) << text;
}

struct Person {
  const char* uid;
  const char* name;
  const char* group;  // "" for none
};
const Person kPeople[] = {{"alice", "Alice Admin", "it-admins"},
                          {"bob", "Bob Teacher", "teaching"},
                          {"carol", "Carol Student", ""},
                          {"dave", "Dave Facilities", "facilities-north"}};

std::string people_ldif(bool ad) {
  std::string base = Slapd::kBase;
  std::string out = "dn: " + base + "\nobjectClass: dcObject\nobjectClass: organization\ndc: uni\no: University\n\n" +
                    "dn: ou=people," + base + "\nobjectClass: organizationalUnit\nou: people\n\n" +
                    "dn: ou=groups," + base + "\nobjectClass: organizationalUnit\nou: groups\n\n" +
                    "dn: " + Slapd::kServiceDn + "\nobjectClass: organizationalRole\nobjectClass: simpleSecurityObject\n" +
                    "cn: classroom-service\nuserPassword: service-secret-1\n\n";
  for (const auto& p : kPeople) {
    std::string dn = (ad ? "cn=" + std::string(p.name) : "uid=" + std::string(p.uid)) + ",ou=people," + base;
    out += "dn: " + dn + "\nobjectClass: inetOrgPerson\n" + (ad ? "objectClass: adUser\n" : "") + "uid: " + p.uid +
           "\ncn: " + p.name + "\nsn: " + p.name + "\nmail: " + p.uid + "@uni.example\nuserPassword: " +
           Slapd::kPassword + "\n";
    if (ad) {
      out += std::string("sAMAccountName: ") + p.uid + "\n";
      if (*p.group) out += "memberOf: cn=" + std::string(p.group) + ",ou=groups," + base + "\n";
    }
    out += "\n";
  }
  for (const char* group : {"it-admins", "teaching", "facilities-north", "students"}) {
    // groupOfNames needs a member: the service account is one of each, so a test can
    // take a person out of a group and leave it valid.
    out += "dn: cn=" + std::string(group) + ",ou=groups," + base + "\nobjectClass: groupOfNames\ncn: " + group +
           "\nmember: " + Slapd::kServiceDn + "\n";
    if (!ad)
      for (const auto& p : kPeople)
        if (std::string(p.group) == group) out += "member: uid=" + std::string(p.uid) + ",ou=people," + base + "\n";
    out += "\n";
  }
  return out;
}

// A throwaway CA and a certificate for 127.0.0.1 signed by it; and a second CA that
// signed nothing, to be the wrong one.
void make_certificates(const std::string& dir) {
  auto ssl = [&](const std::string& args) {
    if (run("cd " + quote(dir) + " && openssl " + args + " > openssl.log 2>&1") != 0)
      throw std::runtime_error("openssl " + args + " failed; see " + dir + "/openssl.log");
  };
  ssl("req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 3650 -subj /CN=Test-Campus-CA");
  ssl("req -x509 -newkey rsa:2048 -nodes -keyout other.key -out other-ca.pem -days 3650 -subj /CN=Other-CA");
  ssl("req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj /CN=127.0.0.1");
  write_file(dir + "/san.ext", "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
  ssl("x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 3650 -extfile san.ext");
  run("chmod 644 " + quote(dir) + "/*.key");
}

}  // namespace

Slapd::Slapd(SlapdOptions options) : options_(options) {
  dir_ = make_temp_dir("classroom-slapd");
  std::string conf = "include /etc/ldap/schema/core.schema\ninclude /etc/ldap/schema/cosine.schema\n"
                     "include /etc/ldap/schema/inetorgperson.schema\n";
  if (options_.ad_style) {
    write_file(dir_ + "/ad.schema", kAdSchema);
    conf += "include " + dir_ + "/ad.schema\n";
  }
  conf += "pidfile " + dir_ + "/slapd.pid\nmodulepath /usr/lib/ldap\nmoduleload back_mdb\n";
  if (options_.tls) {
    make_certificates(dir_);
    conf += "TLSCACertificateFile " + dir_ + "/ca.pem\nTLSCertificateFile " + dir_ +
            "/server.pem\nTLSCertificateKeyFile " + dir_ + "/server.key\n";
    ca_file_ = dir_ + "/ca.pem";
    other_ca_ = dir_ + "/other-ca.pem";
  }
  conf += std::string("database mdb\nsuffix \"") + kBase + "\"\nrootdn \"" + kRootDn + "\"\nrootpw " + kRootPassword +
          "\ndirectory " + dir_ + "/data\n"
          "access to attrs=userPassword by self write by anonymous auth by * none\n"
          "access to * by * read\n";
  write_file(dir_ + "/slapd.conf", conf);
  write_file(dir_ + "/people.ldif", people_ldif(options_.ad_style));
  password_file_ = dir_ + "/service-password";
  write_file(password_file_, "service-secret-1\n");
  run("mkdir -p " + quote(dir_ + "/data"));
  if (run("slapadd -f " + quote(dir_ + "/slapd.conf") + " -l " + quote(dir_ + "/people.ldif") + " > " +
          quote(dir_ + "/slapadd.log") + " 2>&1") != 0)
    throw std::runtime_error("slapadd failed; see " + dir_ + "/slapadd.log");
  port_ = free_port();
  tls_port_ = options_.tls ? free_port() : 0;
  start();
}

Slapd::~Slapd() {
  stop();
  run("rm -rf " + quote(dir_));
}

void Slapd::start() {
  std::string urls = url() + "/" + (options_.tls ? " " + ldaps_url() + "/" : "");
  if (run("slapd -f " + quote(dir_ + "/slapd.conf") + " -h " + quote(urls) + " > " + quote(dir_ + "/slapd.log") +
          " 2>&1") != 0)
    throw std::runtime_error("slapd failed to start; see " + dir_ + "/slapd.log");
  // Ready once it answers a search.
  for (int i = 0; i < 100; ++i) {
    if (run("ldapsearch -x -H " + quote(url()) + " -b " + quote(kBase) + " -s base '(objectClass=*)' dn > /dev/null 2>&1") == 0)
      return;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  throw std::runtime_error("slapd did not answer on " + url());
}

void Slapd::stop() {
  std::string pidfile = dir_ + "/slapd.pid";
  run("if [ -f " + quote(pidfile) + " ]; then p=$(cat " + quote(pidfile) +
      "); kill $p 2>/dev/null; for i in $(seq 100); do kill -0 $p 2>/dev/null || break; sleep 0.05; done; fi");
}

void Slapd::modify(const std::string& ldif) {
  write_file(dir_ + "/change.ldif", ldif);
  if (run("ldapmodify -x -H " + quote(url()) + " -D " + quote(kRootDn) + " -w " + quote(kRootPassword) + " -f " +
          quote(dir_ + "/change.ldif") + " > " + quote(dir_ + "/ldapmodify.log") + " 2>&1") != 0)
    throw std::runtime_error("ldapmodify failed; see " + dir_ + "/ldapmodify.log");
}

}  // namespace testing_support
