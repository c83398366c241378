#!/usr/bin/env node
// `npm start`: on the project's Node (tools/pinned-node.mjs), builds the apps (the web UI too) and runs the control server.
import { spawnSync } from 'node:child_process';
import { runOnPinnedNode } from './pinned-node.mjs';

await runOnPinnedNode();
// The web UI (served at /) first: tsc checks it against the API types that its build generates.
const web = spawnSync(process.execPath, ['apps/web/build.mjs'], { stdio: 'inherit' });
if (web.status !== 0) process.exit(web.status ?? 1);
const build = spawnSync('npx', ['tsc', '-b', 'apps/web', 'apps/server', 'apps/connector', 'apps/cli'], {
  stdio: 'inherit',
});
if (build.status !== 0) process.exit(build.status ?? 1);
await import('../apps/server/dist/main.js');
