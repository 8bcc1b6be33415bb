// Arduino entry points; everything else is in app.cpp and firmware/core.
#include <Arduino.h>

#include "app.hpp"

void setup() { shell::app_setup(); }
void loop() { shell::app_loop(); }
