// Debian's OpenBLAS (libopenblas-dev): the CBLAS interface, for exact biometric search
// (one matrix-vector product scores a probe against a whole gallery).
#include <cblas.h>
