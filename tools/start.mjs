#!/usr/bin/env node
// `npm start`: on the project's Node (tools/pinned-node.mjs), builds the apps and runs the control server.
import { spawnSync } from 'node:child_process';
import { runOnPinnedNode } from './pinned-node.mjs';

await runOnPinnedNode();
const build = spawnSync('npx', ['tsc', '-b', 'apps/server', 'apps/connector', 'apps/cli'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
await import('../apps/server/dist/main.js');
