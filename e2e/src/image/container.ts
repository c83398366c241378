// `docker run` of a stage built by hand: the image's ENTRYPOINT + CMD as the image's USER (the test runs as root),
// in its WORKDIR, with only the image's ENV plus what the test adds. Absolute paths in ENV values and arguments
// are paths in the image, so they map into the stage's directory; `node` is the host's Node 24.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { ids, inImage, type BuiltStage } from './build-by-hand.js';

export interface Container {
  readonly child: ChildProcess;
  output(): string;
  /** Rejects as soon as the process exits: race it against what the test waits for. */
  readonly exited: Promise<never>;
  stop(): Promise<void>;
}

export function runContainer(image: BuiltStage, nodeBin: string, env: Record<string, string> = {}): Container {
  const mapped = (value: string) => (value.startsWith('/') ? inImage(image.root, value) : value);
  const [command, ...args] = [...image.config.entrypoint, ...image.config.cmd];
  if (command === undefined) throw new Error(`stage ${image.name} has no ENTRYPOINT or CMD`);
  if (!image.config.user) throw new Error(`stage ${image.name} runs as root: it has no USER`);
  const [uid, gid] = ids(image.config.user);
  const imageEnv = Object.fromEntries(Object.entries(image.config.env).map(([k, v]) => [k, mapped(v)]));
  const child = spawn(command === 'node' ? join(nodeBin, 'node') : mapped(command), args.map(mapped), {
    cwd: inImage(image.root, image.config.workdir),
    env: { PATH: `${nodeBin}:/usr/bin:/bin`, ...imageEnv, ...env },
    uid,
    gid,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<never>((_, reject) => {
    child.once('exit', (code, signal) =>
      reject(new Error(`${image.name} exited (${code ?? signal}) running as uid ${uid}`)),
    );
  });
  exited.catch(() => {}); // only a rejection someone races is an error
  return {
    child,
    output: () => output,
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const done = once(child, 'exit');
      child.kill('SIGKILL');
      await done;
    },
  };
}

/** A TCP port nothing listens on right now (for listeners whose port the app does not print). */
export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}
