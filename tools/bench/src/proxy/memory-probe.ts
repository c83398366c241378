// Loaded into a measured connector with `--import` (idle-rss.ts): on SIGUSR2 it writes the process's
// process.memoryUsage() as JSON to BENCH_MEMORY_PROBE_FILE, so the idle row can split RSS into V8 heap, external
// memory and the rest. It allocates nothing until asked.
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_MEMORY_PROBE_FILE;
if (file) process.on('SIGUSR2', () => writeFileSync(file, JSON.stringify(process.memoryUsage())));
