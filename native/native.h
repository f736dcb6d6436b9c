/* Shared by podwire's native sources: the functions each file exports to the addon's init. */
#ifndef PODWIRE_NATIVE_H
#define PODWIRE_NATIVE_H
#include <node_api.h>

/* Throw an Error whose code is errno's name and whose message says what failed (orig_dst.c). */
napi_value podwire_throw_errno(napi_env env, int err, const char *what);

/* The descriptor a function was called with (its one argument), or -1 after throwing a TypeError
 * that starts with `usage` (orig_dst.c). */
int32_t podwire_fd_arg(napi_env env, napi_callback_info info, const char *usage);

/* setLinger(fd, seconds), socketOptions(fd) and socketError(fd) (linger.c). */
napi_value podwire_set_linger(napi_env env, napi_callback_info info);
napi_value podwire_socket_options(napi_env env, napi_callback_info info);
napi_value podwire_socket_error(napi_env env, napi_callback_info info);

/* mallocTrim() (malloc_trim.c). */
napi_value podwire_malloc_trim(napi_env env, napi_callback_info info);

#endif
