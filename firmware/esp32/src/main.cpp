// Arduino entry points; everything else is in app.cpp and firmware/core.
#include <Arduino.h>

#include "app.hpp"

void setup() { shell::app_setup(); }
void loop() { shell::app_loop(); }

// Arduino-ESP32 marks a freshly updated image valid at boot unless this says the
// sketch will decide: the node keeps it only once it has reached the server
// (fw::NewImageTrial in app.cpp), otherwise the bootloader rolls back.
extern "C" bool verifyRollbackLater() { return true; }
