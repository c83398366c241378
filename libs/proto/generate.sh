#!/usr/bin/env bash
# Regenerates the TypeScript types for every .proto under proto/ into src/generated (or $OUT).
# src/generated/drift.spec.ts fails when the committed output is not what this produces.
set -euo pipefail
cd "$(dirname "$0")"
here=$(pwd)
out=${OUT:-$here/src/generated}
rm -rf "$out"
mkdir -p "$out"
files=$(cd ../../proto && find . -name '*.proto' | sort)
(cd ../../proto && "$here/../../node_modules/.bin/proto-loader-gen-types" --longs=Number --enums=String --defaults --oneofs \
  --keepCase=false --grpcLib=@grpc/grpc-js --outDir="$out" $files) >/dev/null
# NodeNext needs explicit .js suffixes on relative imports.
find "$out" -name '*.ts' -print0 | xargs -0 sed -i -E "s#(from '\\./[^']*|from '\\.\\./[^']*)'#\\1.js'#g; s#\\.js\\.js'#.js'#g"
# One index per proto package so apps can import every message type of a package at once.
for d in $(find "$out" -mindepth 1 -type d); do
  ls "$d"/*.ts >/dev/null 2>&1 || continue
  (cd "$d" && for f in *.ts; do n=${f%.ts}; [ "$n" = index ] && continue; echo "export type * from './$n.js';"; done) > "$d/index.ts"
done
