// What an exec or attach request asks for, validated before the upgrade (so errors are real HTTP
// answers), and running it against the simulated container whatever the transport.
import type { Duplex } from 'node:stream';
import { queryFlag } from '@infra/kube-wire';
import { findResource } from '../resources.js';
import { errors } from '../status.js';
import type { KubeObject } from '../store.js';
import type { Core, HandlerContext } from '../core.js';
import { podFiles } from './pod-files.js';
import { exitStatus, runCommand, type ExecIO } from './shell.js';

const PODS = findResource('', 'v1', 'pods')!;

export interface StreamRequest {
  kind: 'exec' | 'attach';
  namespace: string;
  pod: string;
  container: string;
  command: string[];
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

/** The pod, which must exist and be Running (kubectl checks too, but a proxy or client-node may not). */
export function runningPod(ctx: Omit<HandlerContext, 'res'>, action: string): KubeObject {
  const pod = ctx.core.store.get(PODS, ctx.info.namespace, ctx.info.name);
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  if (phase !== 'Running')
    throw errors.badRequest(`cannot ${action} a container in a completed pod; current phase is ${phase}`);
  return pod;
}

export function parseStreamRequest(ctx: Omit<HandlerContext, 'res'>): StreamRequest {
  const kind = ctx.info.subresource === 'attach' ? 'attach' : 'exec';
  const pod = runningPod(ctx, kind === 'exec' ? 'exec into' : 'attach to');
  const q = ctx.url.searchParams;
  const containers = ((pod.spec as { containers?: { name: string }[] }).containers ?? []).map((c) => c.name);
  const container = q.get('container') || containers[0];
  if (!containers.includes(container))
    throw errors.badRequest(`container ${container} is not valid for pod ${ctx.info.name}`);
  const req: StreamRequest = {
    kind,
    namespace: ctx.info.namespace,
    pod: ctx.info.name,
    container,
    command: q.getAll('command'),
    stdin: queryFlag(q, 'stdin'),
    stdout: queryFlag(q, 'stdout'),
    stderr: queryFlag(q, 'stderr'),
    tty: queryFlag(q, 'tty'),
  };
  if (kind === 'exec' && req.command.length === 0) throw errors.badRequest('you must specify at least 1 command');
  if (!req.stdin && !req.stdout && !req.stderr)
    throw errors.badRequest('you must specify at least 1 of stdin, stdout, stderr');
  return req;
}

/** undefined when `socket` can take more now, else a promise of its drain (or close). */
export function whenWritable(socket: Duplex): Promise<void> | undefined {
  if (!socket.writableNeedDrain || socket.destroyed) return undefined;
  return new Promise((resolve) => {
    const done = () => {
      socket.off('drain', done);
      socket.off('close', done);
      resolve();
    };
    socket.on('drain', done);
    socket.on('close', done);
  });
}

/** Runs the session and returns the Status for the error channel; a failure becomes an InternalError Status. */
export async function runSession(core: Core, req: StreamRequest, io: ExecIO): Promise<Record<string, unknown>> {
  try {
    return await simulate(core, req, io);
  } catch (e) {
    return {
      metadata: {},
      status: 'Failure',
      message: `error executing command: ${(e as Error).message}`,
      reason: 'InternalError',
      code: 500,
    };
  }
}

async function simulate(core: Core, req: StreamRequest, io: ExecIO): Promise<Record<string, unknown>> {
  const pod = core.store.get(PODS, req.namespace, req.pod);
  const id = {
    namespace: req.namespace,
    pod: req.pod,
    container: req.container,
    files: podFiles(core.pods, { uid: String(pod.metadata.uid), name: req.pod }),
  };
  if (req.kind === 'exec') {
    const code = await runCommand(req.command, io, id);
    return exitStatus(code, req.command);
  }
  // attach: the main process echoes stdin when there is one, else shows new log output until detached.
  if (io.stdin) {
    await runCommand(['cat'], io, id);
    return exitStatus(0, []);
  }
  const log = core.pods.log(req.namespace, req.pod);
  await new Promise<void>((resolve) => {
    const onData = (t: string) => io.stdout(t);
    const done = () => {
      log.events.off('data', onData);
      resolve();
    };
    log.events.on('data', onData);
    log.events.once('end', done);
    io.signal.addEventListener('abort', done, { once: true });
  });
  return exitStatus(0, []);
}
