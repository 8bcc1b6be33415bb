#pragma once
// Over-the-air updates on the board: the network task downloads an offered image into
// the other app partition through fw::ImageCheck; the control task keeps a freshly
// booted image once it has reached the server, or rolls it back (fw::NewImageTrial).
#include <optional>
#include <string>

#include "links.hpp"
#include "update.hpp"

namespace shell {

struct UpdateResult {
  std::string version;
  bool installed = false;  // written, checked and set to boot
  std::string error;       // why not
};

// The admin's public key, built in (-DCLASSROOM_UPDATE_KEY=<64 hex digits>); nothing
// when the build has none, and then no update is taken.
std::optional<fw::PublicKey> update_key();

// Network task. Blocks for the download (each chunk feeds the watchdog).
UpdateResult install_update(HttpLink& http, const fw::FirmwareOffer& offer, const fw::PublicKey& key,
                            int connect_ms, int read_ms);

// The running image's size limit for an update: the other app partition.
std::int64_t update_partition_bytes();
// True when the running image is on trial (booted from an update, not yet kept).
bool running_image_on_trial();
void keep_running_image();
[[noreturn]] void roll_back_running_image();

}  // namespace shell
