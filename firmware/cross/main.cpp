// A minimal program around fw::Node, linked for the chip's CPU to prove the core
// links without exceptions or RTTI and to measure what it costs in flash and RAM:
// ten simulated minutes of an empty room with no network.
#include <new>

#include "node.hpp"

// The node object in static RAM, so its size shows in .bss (node_storage in the map).
alignas(fw::Node) unsigned char node_storage[sizeof(fw::Node)];

int main() {
  fw::Config c;
  c.device_id = "room-1";
  c.api_key = "0123456789";
  c.server_url = "http://10.0.0.1";
  fw::Node& node = *new (node_storage) fw::Node(c, 0);
  for (fw::Millis t = 0; t < fw::minutes(10); t += 100) {
    node.on_distance(t, 350.0f);
    node.tick(t);
    if (node.next_request(t)) node.on_reply(t, fw::Reply{0, -1, {}, "no network"});
  }
  return node.relay_on() ? 0 : 1;
}
