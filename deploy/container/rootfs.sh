#!/usr/bin/env bash
# Assemble the image's root filesystem: rootfs.sh BINARY DIR. The binary, exactly the shared
# libraries `ldd` lists for it (glibc of the build host: build on the oldest distribution you
# support), the host's CA bundle, and passwd/group entries for the non-root user 65532.
set -euo pipefail
bin="$1" root="$2"
rm -rf "$root"
mkdir -p "$root/usr/bin" "$root/etc/ssl/certs" "$root/tmp"
install -m 0755 "$bin" "$root/usr/bin/eiam-sync"
for lib in $(ldd "$bin" | grep -o '/[^ ]*'); do
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
done
cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/"
chmod 1777 "$root/tmp"
printf 'root:x:0:0:root:/:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/:/sbin/nologin\n' \
  > "$root/etc/passwd"
printf 'root:x:0:\nnonroot:x:65532:\n' > "$root/etc/group"
