/*
 * Part of podwire's native addon (registered in orig_dst.c).
 */
#include <node_api.h>
#include <stdlib.h> /* defines __GLIBC__ where glibc is the C library */
#include "native.h"

/*
 * mallocTrim() -> boolean | undefined (proxy/memory-release.ts)
 * Hands memory glibc's malloc holds free back to the kernel: malloc_trim(0) releases the free
 * pages inside every arena, not only the top of the heap that glibc trims by itself. After a burst
 * of TLS connections closes, OpenSSL's and Node's freed native buffers otherwise keep the RSS at its
 * peak. true: memory was released; false: nothing to release; undefined: not glibc (e.g. musl).
 */
#if defined(__GLIBC__)
#include <malloc.h>
#endif

napi_value podwire_malloc_trim(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value result;
#if defined(__GLIBC__)
  if (napi_get_boolean(env, malloc_trim(0) != 0, &result) != napi_ok) return NULL;
#else
  if (napi_get_undefined(env, &result) != napi_ok) return NULL;
#endif
  return result;
}

