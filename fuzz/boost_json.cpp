// Boost.JSON's sources, compiled with the fuzzing instrumentation.
#include <boost/json/src.hpp>
