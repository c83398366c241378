#!/usr/bin/env bash
# Regenerates the TypeScript types for every .proto under proto/ (a test checks they are current).
set -euo pipefail
cd "$(dirname "$0")"
rm -rf src/generated
files=$(cd ../../proto && find . -name '*.proto' | sort)
(cd ../../proto && ../node_modules/.bin/proto-loader-gen-types --longs=Number --enums=String --defaults --oneofs --keepCase=false \
  --grpcLib=@grpc/grpc-js --outDir=../libs/proto/src/generated $files) >/dev/null
# NodeNext needs explicit .js suffixes on relative imports.
find src/generated -name '*.ts' -print0 | xargs -0 sed -i -E "s#(from '\\./[^']*|from '\\.\\./[^']*)'#\\1.js'#g; s#\\.js\\.js'#.js'#g"
# One index per proto package so apps can `import type { Grant } from '@infra/proto/...'`.
for d in $(find src/generated -mindepth 1 -type d); do
  ls "$d"/*.ts >/dev/null 2>&1 || continue
  (cd "$d" && for f in *.ts; do n=${f%.ts}; [ "$n" = index ] && continue; echo "export type * from './$n.js';"; done) > "$d/index.ts"
done
