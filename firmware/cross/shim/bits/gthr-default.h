// Bare metal: one thread as far as libstdc++ knows (the core takes no locks).
#include <bits/gthr-single.h>
