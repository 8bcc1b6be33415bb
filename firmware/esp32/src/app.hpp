#pragma once
// The node on the board: wires pins, NVS, WiFi, HTTP and the console to fw::Node.
//
// Three FreeRTOS tasks, all on the task watchdog:
//  - control (every sample period, 100 ms): console, sensors, fw::Node, relay. It
//    never calls the network: it posts requests to a mailbox and picks up answers.
//  - network: WiFi upkeep and the report/heartbeat/power-log calls, one at a time,
//    each bounded (fw::worst_report_call_ms) well under the watchdog.
//  - commands: the long-poll for manual commands.
namespace shell {

void app_setup();
void app_loop();

// One round of each task body; the tasks loop around these, host tests call them.
void control_step();
bool network_step();  // false when there was nothing to do
bool poll_step();

bool in_safe_mode();

}  // namespace shell
