/*
 * SO_LINGER for podwire's proxied sockets. Node has no API for it, and it is what lets a proxy
 * that dies — SIGKILL, a crash, the end of a shutdown grace period — tell its peers the stream
 * broke: with linger on and a zero timeout, the kernel answers close() (including the implicit
 * close of every descriptor when the process dies) with a TCP RST instead of a FIN, and a FIN is
 * exactly what an application would read as "the stream is complete". podwire arms it on every
 * proxied socket and disarms it when a connection finishes cleanly (proxy/transport/linger.ts).
 * socketError (below) is the receiving half: telling such a reset from a clean end.
 *
 *   setLinger(fd: number, seconds: number) -> undefined
 *     seconds >= 0: linger on with that timeout (0 = reset on close); seconds < 0: linger off.
 *   socketOptions(fd: number) -> { linger: number, noDelay: boolean }
 *     What a socket has (linger as setLinger takes it): a listener's are what Linux copies to every
 *     connection it accepts, which is how podwire arms accepted sockets (transport/listen.ts).
 *
 * Throws an Error whose `code` is the errno name (EBADF, ENOTSOCK, EINVAL...).
 */
#include <node_api.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include "native.h"

napi_value podwire_set_linger(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok) return NULL;
  int32_t fd = -1, seconds = -1;
  if (argc < 2 || napi_get_value_int32(env, argv[0], &fd) != napi_ok || fd < 0 ||
      napi_get_value_int32(env, argv[1], &seconds) != napi_ok) {
    napi_throw_type_error(env, "EINVAL", "setLinger(fd, seconds): fd must be a non-negative integer and seconds an integer");
    return NULL;
  }
  struct linger lg;
  lg.l_onoff = seconds >= 0 ? 1 : 0;
  lg.l_linger = seconds >= 0 ? seconds : 0;
  if (setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg) != 0) return podwire_throw_errno(env, errno, "setsockopt(SO_LINGER)");
  return NULL;
}

napi_value podwire_socket_options(napi_env env, napi_callback_info info) {
  int32_t fd = podwire_fd_arg(env, info, "socketOptions(fd)");
  if (fd < 0) return NULL;
  struct linger lg;
  socklen_t lglen = sizeof lg;
  if (getsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, &lglen) != 0) return podwire_throw_errno(env, errno, "getsockopt(SO_LINGER)");
  int nodelay = 0;
  socklen_t ndlen = sizeof nodelay;
  if (getsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &nodelay, &ndlen) != 0) return podwire_throw_errno(env, errno, "getsockopt(TCP_NODELAY)");
  napi_value result, linger, no_delay;
  if (napi_create_object(env, &result) != napi_ok ||
      napi_create_int32(env, lg.l_onoff ? lg.l_linger : -1, &linger) != napi_ok ||
      napi_get_boolean(env, nodelay != 0, &no_delay) != napi_ok ||
      napi_set_named_property(env, result, "linger", linger) != napi_ok ||
      napi_set_named_property(env, result, "noDelay", no_delay) != napi_ok) return NULL;
  return result;
}

/*
 *   socketError(fd: number) -> number
 *     getsockopt(SO_ERROR): the errno of a reset (or other failure) the kernel holds for the socket
 *     and has not reported yet, or 0. libuv reports an RST that arrives behind unread data as a
 *     clean EOF (it treats EPOLLHUP after a short read as end of stream), so at every EOF podwire
 *     asks the kernel whether the stream really ended or was reset. Reading it clears it.
 */
napi_value podwire_socket_error(napi_env env, napi_callback_info info) {
  int32_t fd = podwire_fd_arg(env, info, "socketError(fd)");
  if (fd < 0) return NULL;
  int err = 0;
  socklen_t len = sizeof err;
  if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0) return podwire_throw_errno(env, errno, "getsockopt(SO_ERROR)");
  napi_value result;
  if (napi_create_int32(env, err, &result) != napi_ok) return NULL;
  return result;
}
