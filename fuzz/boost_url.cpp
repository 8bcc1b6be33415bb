// Boost.URL's sources, compiled with the fuzzing instrumentation.
#include <boost/url/src.hpp>
