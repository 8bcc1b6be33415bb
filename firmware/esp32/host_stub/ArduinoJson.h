#pragma once
// Stand-in for the part of ArduinoJson 7 the shell uses (reading answers), backed by
// Boost.JSON on the PC. Same names and semantics: is<T>() checks the stored type,
// a missing member reads as null.
#include <boost/json/value.hpp>
#include <cstdint>

#include "Arduino.h"

class JsonVariantConst;

class JsonArrayConst {
 public:
  class iterator {
   public:
    explicit iterator(const boost::json::value* p) : p_(p) {}
    JsonVariantConst operator*() const;
    iterator& operator++() { ++p_; return *this; }
    bool operator!=(const iterator& o) const { return p_ != o.p_; }

   private:
    const boost::json::value* p_;
  };
  explicit JsonArrayConst(const boost::json::array* a = nullptr) : a_(a) {}
  iterator begin() const { return iterator(a_ ? a_->data() : nullptr); }
  iterator end() const { return iterator(a_ ? a_->data() + a_->size() : nullptr); }
  size_t size() const { return a_ ? a_->size() : 0; }

 private:
  const boost::json::array* a_;
};

class JsonObjectConst {};

class JsonVariantConst {
 public:
  explicit JsonVariantConst(const boost::json::value* v = nullptr) : v_(v) {}
  bool isNull() const { return !v_ || v_->is_null(); }
  JsonVariantConst operator[](const char* key) const;
  template <class T>
  bool is() const;
  template <class T>
  T as() const;

 private:
  const boost::json::value* v_;
};

class JsonDocument {
 public:
  JsonVariantConst operator[](const char* key) const { return JsonVariantConst(&value_)[key]; }
  template <class T>
  bool is() const { return JsonVariantConst(&value_).is<T>(); }
  template <class T>
  T as() const { return T(&value_); }  // as<JsonVariantConst>(): the root
  boost::json::value& value() { return value_; }

 private:
  boost::json::value value_;
};

class DeserializationError {
 public:
  enum Code { Ok, EmptyInput, InvalidInput };
  DeserializationError(Code c = Ok) : code_(c) {}
  explicit operator bool() const { return code_ != Ok; }
  const char* c_str() const { return code_ == Ok ? "Ok" : code_ == EmptyInput ? "EmptyInput" : "InvalidInput"; }

 private:
  Code code_;
};

DeserializationError deserializeJson(JsonDocument& doc, const String& input);

template <> bool JsonVariantConst::is<bool>() const;
template <> bool JsonVariantConst::is<long long>() const;
template <> bool JsonVariantConst::is<long>() const;
template <> bool JsonVariantConst::is<int>() const;
template <> bool JsonVariantConst::is<const char*>() const;
template <> bool JsonVariantConst::is<JsonObjectConst>() const;
template <> bool JsonVariantConst::is<JsonArrayConst>() const;
template <> bool JsonVariantConst::as<bool>() const;
template <> long long JsonVariantConst::as<long long>() const;
template <> long JsonVariantConst::as<long>() const;
template <> int JsonVariantConst::as<int>() const;
template <> const char* JsonVariantConst::as<const char*>() const;
template <> JsonArrayConst JsonVariantConst::as<JsonArrayConst>() const;
