#ifndef SEXTANT_CLIBPQ_SHIM_H
#define SEXTANT_CLIBPQ_SHIM_H
#include <libpq-fe.h>
#endif
