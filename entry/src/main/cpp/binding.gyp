{
  "targets": [
    {
      "target_name": "harmonywg_io",
      "sources": ["packet_io.c"],
      "cflags": ["-Wall", "-Wextra", "-Werror", "-std=c11", "-O2", "-pthread"],
      "ldflags": ["-pthread"]
    }
  ]
}
