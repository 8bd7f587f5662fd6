// CHDF5 shim: HDF5's C API plus functions for the macro constants Swift cannot import.
// Implementation detail of GraphKD's GraphData module; not a stable API.
#ifndef GRAPHKD_CHDF5_SHIM_H
#define GRAPHKD_CHDF5_SHIM_H

#include <hdf5.h>
#include <stdio.h>
#include <string.h>

// MARK: Property lists, dataspaces, file access flags

static inline hid_t graphkd_H5P_DEFAULT(void) { return H5P_DEFAULT; }
static inline hid_t graphkd_H5S_ALL(void) { return H5S_ALL; }
static inline hid_t graphkd_H5P_DATASET_CREATE(void) { return H5P_DATASET_CREATE; }
static inline hid_t graphkd_H5P_FILE_ACCESS(void) { return H5P_FILE_ACCESS; }
static inline hid_t graphkd_H5P_FILE_CREATE(void) { return H5P_FILE_CREATE; }
static inline hid_t graphkd_H5P_GROUP_CREATE(void) { return H5P_GROUP_CREATE; }
static inline hid_t graphkd_H5P_DATASET_XFER(void) { return H5P_DATASET_XFER; }
static inline unsigned graphkd_H5F_ACC_RDONLY(void) { return H5F_ACC_RDONLY; }
static inline unsigned graphkd_H5F_ACC_RDWR(void) { return H5F_ACC_RDWR; }
static inline unsigned graphkd_H5F_ACC_EXCL(void) { return H5F_ACC_EXCL; }
static inline unsigned graphkd_H5F_ACC_TRUNC(void) { return H5F_ACC_TRUNC; }
static inline size_t graphkd_H5T_VARIABLE(void) { return H5T_VARIABLE; }

// MARK: Predefined datatypes (memory: native; file: little-endian standard types)

static inline hid_t graphkd_H5T_NATIVE_INT8(void) { return H5T_NATIVE_INT8; }
static inline hid_t graphkd_H5T_NATIVE_UINT8(void) { return H5T_NATIVE_UINT8; }
static inline hid_t graphkd_H5T_NATIVE_INT32(void) { return H5T_NATIVE_INT32; }
static inline hid_t graphkd_H5T_NATIVE_INT64(void) { return H5T_NATIVE_INT64; }
static inline hid_t graphkd_H5T_NATIVE_UINT64(void) { return H5T_NATIVE_UINT64; }
static inline hid_t graphkd_H5T_NATIVE_FLOAT(void) { return H5T_NATIVE_FLOAT; }
static inline hid_t graphkd_H5T_NATIVE_DOUBLE(void) { return H5T_NATIVE_DOUBLE; }
static inline hid_t graphkd_H5T_STD_I8LE(void) { return H5T_STD_I8LE; }
static inline hid_t graphkd_H5T_STD_U8LE(void) { return H5T_STD_U8LE; }
static inline hid_t graphkd_H5T_STD_I32LE(void) { return H5T_STD_I32LE; }
static inline hid_t graphkd_H5T_STD_I64LE(void) { return H5T_STD_I64LE; }
static inline hid_t graphkd_H5T_STD_U64LE(void) { return H5T_STD_U64LE; }
static inline hid_t graphkd_H5T_IEEE_F32LE(void) { return H5T_IEEE_F32LE; }
static inline hid_t graphkd_H5T_IEEE_F64LE(void) { return H5T_IEEE_F64LE; }
static inline hid_t graphkd_H5T_C_S1(void) { return H5T_C_S1; }

// MARK: Errors

/// Turns off HDF5's automatic printing of the error stack to stderr for the calling thread
/// (in thread-safe builds every thread has its own default error stack).
static inline void graphkd_h5_silence_errors(void) { H5Eset_auto2(H5E_DEFAULT, NULL, NULL); }

typedef struct {
  char *buffer;
  size_t capacity;
  size_t used;
} graphkd_h5_message_buffer;

static herr_t graphkd_h5_collect_error(unsigned n, const H5E_error2_t *entry, void *data) {
  graphkd_h5_message_buffer *m = (graphkd_h5_message_buffer *)data;
  if (m->used + 1 >= m->capacity) return 0;
  char minor[160] = "";
  if (H5Eget_msg(entry->min_num, NULL, minor, sizeof minor) < 0) minor[0] = '\0';
  const char *desc = entry->desc ? entry->desc : "";
  int written = snprintf(
      m->buffer + m->used, m->capacity - m->used, "%s%s%s%s (%s)", n == 0 ? "" : "; ", desc,
      (desc[0] != '\0' && minor[0] != '\0') ? ": " : "", minor, entry->func_name ? entry->func_name : "?");
  if (written > 0) {
    size_t w = (size_t)written;
    m->used += (w < m->capacity - m->used) ? w : (m->capacity - m->used - 1);
  }
  return 0;
}

/// Copies the calling thread's HDF5 error stack, innermost error last, into `buffer` as
/// "description: minor message (function); ..." and clears the stack. Returns the length.
static inline size_t graphkd_h5_take_error_message(char *buffer, size_t capacity) {
  if (capacity == 0) return 0;
  buffer[0] = '\0';
  graphkd_h5_message_buffer m = {buffer, capacity, 0};
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, graphkd_h5_collect_error, &m);
  H5Eclear2(H5E_DEFAULT);
  return m.used;
}

#endif
