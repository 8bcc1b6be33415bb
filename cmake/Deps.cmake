# Imported targets for the system libraries, found once for every part of the build.
find_package(Threads REQUIRED)
find_package(Boost 1.81.0 EXACT REQUIRED CONFIG COMPONENTS json system url)
find_package(spdlog REQUIRED)
find_package(fmt REQUIRED)
find_package(CLI11 CONFIG REQUIRED)
find_package(date CONFIG REQUIRED)
find_package(GTest REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
pkg_check_modules(JWT REQUIRED IMPORTED_TARGET libjwt)
pkg_check_modules(LDAP REQUIRED IMPORTED_TARGET ldap)  # the directory client (OpenLDAP's libldap)
pkg_check_modules(CURL REQUIRED IMPORTED_TARGET libcurl)  # webhook deliveries (libcurl4-openssl-dev)

# SOCI ships neither a CMake config nor a .pc file.
find_path(SOCI_INCLUDE_DIR soci/soci.h REQUIRED)
foreach(lib core sqlite3 postgresql)
  find_library(SOCI_${lib}_LIBRARY soci_${lib} REQUIRED)
  add_library(soci::${lib} SHARED IMPORTED)
  set_target_properties(soci::${lib} PROPERTIES
    IMPORTED_LOCATION ${SOCI_${lib}_LIBRARY}
    INTERFACE_INCLUDE_DIRECTORIES ${SOCI_INCLUDE_DIR})
endforeach()
find_package(SQLite3 REQUIRED)
find_package(PostgreSQL REQUIRED)
find_package(OpenSSL 3 REQUIRED)  # ID-token signatures (libssl-dev)
