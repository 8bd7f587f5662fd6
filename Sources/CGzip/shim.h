// CGzip shim: zlib's gzip file interface (gzopen/gzread/gzwrite).
// Implementation detail of GraphKD's GraphData module; not a stable API.
#ifndef GRAPHKD_CGZIP_SHIM_H
#define GRAPHKD_CGZIP_SHIM_H

#include <zlib.h>

#endif
