// Bare metal: no OS-specific libstdc++ settings.
#ifndef _GLIBCXX_OS_DEFINES
#define _GLIBCXX_OS_DEFINES 1
#endif
