/*
 * podwire's native addon, for the socket options Node has no API for. This file reads the original
 * destination of a TCP connection that an iptables REDIRECT rule sent to the proxy, and is the
 * addon's entry point; linger.c and malloc_trim.c add the others (see there). Exported:
 *
 *   originalDst(fd: number) -> { ip: string, port: number }
 *   setLinger(fd: number, seconds: number) -> undefined        (linger.c)
 *   socketOptions(fd: number) -> { linger, noDelay }            (linger.c)
 *   socketError(fd: number) -> number                           (linger.c)
 *   mallocTrim() -> boolean | undefined                         (malloc_trim.c)
 *
 * It throws an Error whose `code` is the errno name (ENOENT: the connection was not redirected or
 * conntrack has no entry for it; ENOPROTOOPT: netfilter is not in the kernel; EBADF...).
 * IPv4 uses SOL_IP/SO_ORIGINAL_DST; IPv6 uses SOL_IPV6/IP6T_SO_ORIGINAL_DST, falling back to the
 * IPv4 option for v4-mapped connections accepted on a dual-stack socket.
 */
#include <node_api.h>
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include "native.h"

/* From <linux/netfilter_ipv4.h> and <linux/netfilter_ipv6/ip6_tables.h>; defined here because the
 * kernel headers drag in definitions that clash with glibc's. Both are 80 in every kernel. */
#ifndef SO_ORIGINAL_DST
#define SO_ORIGINAL_DST 80
#endif
#ifndef IP6T_SO_ORIGINAL_DST
#define IP6T_SO_ORIGINAL_DST 80
#endif

static const char *errno_name(int err) {
  switch (err) {
    case ENOENT: return "ENOENT";
    case ENOPROTOOPT: return "ENOPROTOOPT";
    case EBADF: return "EBADF";
    case ENOTSOCK: return "ENOTSOCK";
    case EINVAL: return "EINVAL";
    case EAFNOSUPPORT: return "EAFNOSUPPORT";
    default: return "EUNKNOWN";
  }
}

napi_value podwire_throw_errno(napi_env env, int err, const char *what) {
  char msg[160];
  snprintf(msg, sizeof msg, "%s: %s", what, strerror(err));
  napi_throw_error(env, errno_name(err), msg);
  return NULL;
}

int32_t podwire_fd_arg(napi_env env, napi_callback_info info, const char *usage) {
  size_t argc = 1;
  napi_value argv[1];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok) return -1;
  int32_t fd = -1;
  if (argc < 1 || napi_get_value_int32(env, argv[0], &fd) != napi_ok || fd < 0) {
    char msg[160];
    snprintf(msg, sizeof msg, "%s: fd must be a non-negative integer", usage);
    napi_throw_type_error(env, "EINVAL", msg);
    return -1;
  }
  return fd;
}

static napi_value make_result(napi_env env, const char *ip, unsigned port) {
  napi_value obj, ip_val, port_val;
  if (napi_create_object(env, &obj) != napi_ok) return NULL;
  if (napi_create_string_utf8(env, ip, NAPI_AUTO_LENGTH, &ip_val) != napi_ok) return NULL;
  if (napi_create_uint32(env, port, &port_val) != napi_ok) return NULL;
  napi_set_named_property(env, obj, "ip", ip_val);
  napi_set_named_property(env, obj, "port", port_val);
  return obj;
}

static napi_value from_v4(napi_env env, int fd) {
  struct sockaddr_in sin;
  socklen_t len = sizeof sin;
  memset(&sin, 0, sizeof sin);
  if (getsockopt(fd, SOL_IP, SO_ORIGINAL_DST, &sin, &len) != 0) return podwire_throw_errno(env, errno, "getsockopt(SO_ORIGINAL_DST)");
  char ip[INET_ADDRSTRLEN];
  if (!inet_ntop(AF_INET, &sin.sin_addr, ip, sizeof ip)) return podwire_throw_errno(env, errno, "inet_ntop");
  return make_result(env, ip, ntohs(sin.sin_port));
}

static napi_value from_v6(napi_env env, int fd) {
  struct sockaddr_in6 sin6;
  socklen_t len = sizeof sin6;
  memset(&sin6, 0, sizeof sin6);
  if (getsockopt(fd, SOL_IPV6, IP6T_SO_ORIGINAL_DST, &sin6, &len) != 0) {
    int err = errno;
    /* A v4-mapped connection on a dual-stack listener is tracked by IPv4 conntrack. */
    struct sockaddr_in6 local;
    socklen_t llen = sizeof local;
    if (getsockname(fd, (struct sockaddr *)&local, &llen) == 0 && IN6_IS_ADDR_V4MAPPED(&local.sin6_addr)) return from_v4(env, fd);
    return podwire_throw_errno(env, err, "getsockopt(IP6T_SO_ORIGINAL_DST)");
  }
  char ip[INET6_ADDRSTRLEN];
  if (!inet_ntop(AF_INET6, &sin6.sin6_addr, ip, sizeof ip)) return podwire_throw_errno(env, errno, "inet_ntop");
  return make_result(env, ip, ntohs(sin6.sin6_port));
}

static napi_value original_dst(napi_env env, napi_callback_info info) {
  int32_t fd = podwire_fd_arg(env, info, "originalDst(fd)");
  if (fd < 0) return NULL;
  struct sockaddr_storage local;
  socklen_t llen = sizeof local;
  if (getsockname(fd, (struct sockaddr *)&local, &llen) != 0) return podwire_throw_errno(env, errno, "getsockname");
  if (local.ss_family == AF_INET) return from_v4(env, fd);
  if (local.ss_family == AF_INET6) return from_v6(env, fd);
  return podwire_throw_errno(env, EAFNOSUPPORT, "originalDst: not an IPv4 or IPv6 socket");
}

static napi_value init(napi_env env, napi_value exports) {
  napi_value fn;
  if (napi_create_function(env, "originalDst", NAPI_AUTO_LENGTH, original_dst, NULL, &fn) != napi_ok) return NULL;
  napi_set_named_property(env, exports, "originalDst", fn);
  if (napi_create_function(env, "setLinger", NAPI_AUTO_LENGTH, podwire_set_linger, NULL, &fn) != napi_ok) return NULL;
  napi_set_named_property(env, exports, "setLinger", fn);
  if (napi_create_function(env, "socketOptions", NAPI_AUTO_LENGTH, podwire_socket_options, NULL, &fn) != napi_ok) return NULL;
  napi_set_named_property(env, exports, "socketOptions", fn);
  if (napi_create_function(env, "socketError", NAPI_AUTO_LENGTH, podwire_socket_error, NULL, &fn) != napi_ok) return NULL;
  napi_set_named_property(env, exports, "socketError", fn);
  if (napi_create_function(env, "mallocTrim", NAPI_AUTO_LENGTH, podwire_malloc_trim, NULL, &fn) != napi_ok) return NULL;
  napi_set_named_property(env, exports, "mallocTrim", fn);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
