#pragma once
#include "Arduino.h"

// Stand-in for NVS through Preferences, kept in arduino_stub::state().nvs.
class Preferences {
 public:
  bool begin(const char* name, bool read_only = false);
  void end();
  String getString(const char* key, const String& fallback = String());
  size_t putString(const char* key, const String& value);
  int64_t getLong64(const char* key, int64_t fallback = 0);
  size_t putLong64(const char* key, int64_t value);
  bool remove(const char* key);

 private:
  std::string key(const char* k) const { return ns_ + "/" + k; }
  std::string ns_;
  bool read_only_ = false;
};
