# podwire's container image: the sidecar (`podwire proxy`, the default), its init container
# (`podwire init`, run as root with NET_ADMIN and NET_RAW), `podwire controller` and
# /usr/lib/linkerd/linkerd-await (`podwire await`, for Linkerd's postStart hook), in one image.
#
# Two stages. The build stage runs exactly what CI runs (`npm ci`: dependencies, the
# SO_ORIGINAL_DST addon through the package's install script, then tsc and the sidecar's esbuild
# bundle through prepare); it needs
# python3, make and g++, which the full node:24-bookworm image has. The runtime stage installs
# production dependencies only, from the same lock file, and copies the compiled JavaScript, the
# addon and the .proto files. Only the npm registry and Debian's apt mirror are contacted.
# test/unit/dockerfile.test.ts checks this file against the repository and runs the runtime
# stage's steps in a scratch directory.

# Node 24 (upstream support until 2028-04-30). CI runs the test suite under the machine's Node and
# again under this major (.ci/run reads it from this line), so the image's runtime is the tested one.
FROM node:24-bookworm AS build
WORKDIR /src
# node-gyp builds against the headers the image ships in /usr/local/include/node instead of
# downloading them from nodejs.org (only the package registries are reachable at build time).
ENV npm_config_nodedir=/usr/local
COPY package.json package-lock.json tsconfig.json ./
COPY scripts ./scripts
COPY native ./native
COPY proxy ./proxy
COPY discovery-client ./discovery-client
COPY controller ./controller
COPY demo ./demo
COPY bench ./bench
RUN npm ci

FROM node:24-bookworm-slim AS runtime
# iptables: `podwire init` programs the pod's rules with it (nft backend by default, as in Debian).
# tini as PID 1: it forwards SIGTERM to node, which drains and exits 0. Node itself as PID 1 would
# ignore a SIGTERM that arrives before podwire installs its handler (the kernel gives PID 1 no
# default signal actions), leaving the pod to be SIGKILLed after its grace period, and would not
# reap orphaned grandchildren (the demo and bench start child processes).
# File capabilities on the iptables binaries: Linkerd's injector runs the init container as uid
# 65534 with NET_ADMIN and NET_RAW added (proxy-init's image does the same), and a non-root process
# only gets added capabilities through its executable's file capabilities.
RUN apt-get update \
 && apt-get install -y --no-install-recommends iptables tini libcap2-bin \
 && setcap cap_net_admin,cap_net_raw+ep /usr/sbin/xtables-nft-multi \
 && setcap cap_net_admin,cap_net_raw+ep /usr/sbin/xtables-legacy-multi \
 && apt-get purge -y libcap2-bin \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 2102 podwire \
 && useradd --system --uid 2102 --gid 2102 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin podwire
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
# --ignore-scripts: the addon and dist/ come from the build stage; no compiler or tsc here.
# --omit=optional: the optional dependencies are the bench's load tools (autocannon,
# hdr-histogram-js), which a sidecar never loads; `podwire bench` names them if they are missing.
# The sidecar itself runs from one bundled file, dist/proxy/podwire-proxy.mjs (npm run build).
RUN npm ci --omit=dev --omit=optional --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY discovery-client/proto ./discovery-client/proto
COPY --from=build /src/dist ./dist
COPY --from=build /src/native/build/Release/podwire_orig_dst.node ./native/build/Release/podwire_orig_dst.node
# Linkerd's injector adds a postStart hook `/usr/lib/linkerd/linkerd-await --timeout=2m --port=4191`
# to the proxy container; without a program at that path the kubelet kills the container and the
# pod never starts. The wrapper (mode 755 in the repository, kept by COPY) runs `podwire await`.
COPY scripts/linkerd-await /usr/lib/linkerd/linkerd-await
# Linkerd's proxy uid: `podwire init --proxy-uid 2102` exempts this uid's traffic from redirection.
USER 2102:2102
# inbound (mTLS, transport header), outbound (intercepted), admin (/live, /ready, /metrics)
EXPOSE 4143 4140 4191
# The image has no curl: node asks the proxy's admin server (default 127.0.0.1:4191). Kubernetes
# ignores HEALTHCHECK and uses the pod's probes; for `controller`, run with --no-healthcheck or
# `--admin 127.0.0.1:4191`.
HEALTHCHECK --interval=10s --timeout=3s --start-period=15s --retries=3 \
  CMD ["node", "-e", "require('http').get('http://127.0.0.1:4191/live', (r) => process.exit(r.statusCode === 200 ? 0 : 1)).on('error', () => process.exit(1)).setTimeout(2000, () => process.exit(1))"]
# --max-semi-space-size=16: V8 reads it only when node starts; it bounds the young generation, which
# Node 24's V8 would otherwise size from the node's memory (proxy/node-startup-options.ts).
ENTRYPOINT ["/usr/bin/tini", "--", "node", "--max-semi-space-size=16", "/app/dist/proxy/main.js"]
CMD ["proxy"]
