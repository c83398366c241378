#!/usr/bin/env node
// The registry reachable here lacks some other platforms' optional packages (nx's native binaries
// for darwin, win32, musl...), so npm leaves them out of package-lock.json and `npm ci` then refuses
// the lock. This adds an entry for each, with the platform read from the registry or, where the
// registry has no such version, from the package name: npm skips them on this platform anyway.
// Run it after any `npm install` that changes the lock.
import { readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
const pkgs = lock.packages;
let added = 0;
for (const [path, meta] of Object.entries(pkgs)) {
  for (const [name, range] of Object.entries(meta.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`;
    if (pkgs[key] || pkgs[`${path}/node_modules/${name}`]) continue;
    const v = registryMeta(name, range) ?? platformFromName(name, range);
    pkgs[key] = {
      version: v.version,
      ...(v.dist ? { integrity: v.dist.integrity } : {}),
      ...(v.cpu ? { cpu: v.cpu } : {}),
      ...(meta.dev ? { dev: true } : {}),
      ...(v.libc ? { libc: v.libc } : {}),
      optional: true,
      ...(v.os ? { os: v.os } : {}),
      ...(v.engines ? { engines: v.engines } : {}),
    };
    added++;
  }
}
lock.packages = Object.fromEntries(
  Object.entries(pkgs).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))),
);
writeFileSync('package-lock.json', JSON.stringify(lock, null, 2) + '\n');
console.log(`added ${added} optional package entries`);

function registryMeta(name, range) {
  try {
    const info = JSON.parse(
      execFileSync('npm', ['view', `${name}@${range}`, '--json'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString(),
    );
    return Array.isArray(info) ? info[info.length - 1] : info;
  } catch {
    return undefined;
  }
}

function platformFromName(name, version) {
  const m =
    /-(darwin|linux|win32|freebsd|android|openbsd|sunos|aix)-(arm64|x64|arm|ia32|riscv64|s390x|ppc64|loong64)(?:-(gnu|musl|gnueabihf|msvc|eabi))?$/.exec(
      name,
    );
  if (!m) throw new Error(`no registry entry and no platform in the name: ${name}@${version}`);
  const [, os, cpu, abi] = m;
  return {
    version,
    os: [os],
    cpu: [cpu],
    ...(abi === 'musl' ? { libc: ['musl'] } : abi === 'gnu' ? { libc: ['glibc'] } : {}),
  };
}
