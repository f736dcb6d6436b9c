{
  "targets": [
    {
      "target_name": "podwire_orig_dst",
      "sources": ["orig_dst.c", "linger.c", "malloc_trim.c"],
      "cflags": ["-Wall", "-Wextra", "-O2"],
      "defines": ["NAPI_VERSION=8"]
    }
  ]
}
