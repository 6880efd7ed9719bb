#ifndef SEXTANT_CLAPACK_SHIM_H
#define SEXTANT_CLAPACK_SHIM_H
#include <lapacke.h>
#include <cblas.h>
#endif
