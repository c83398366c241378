// Simulated pods: a created pod is immediately Running with ready containers, has an appendable log,
// and maps container ports to TCP targets for port-forward (default: an echo server).
import { EventEmitter } from 'node:events';
import { createServer, type AddressInfo, type Server } from 'node:net';
import type { KubeObject } from './store.js';
import { errors } from './status.js';

export const ANNOTATION_PREFIX = 'kube-test.infra.dev/';
/** `kube-test.infra.dev/port-8080: 127.0.0.1:5432` sends port-forwards of pod port 8080 there. */
export const PORT_ANNOTATION = (port: number) => `${ANNOTATION_PREFIX}port-${port}`;
/** Initial log content of a pod. */
export const LOG_ANNOTATION = `${ANNOTATION_PREFIX}log`;
/** Phase to report instead of Running (e.g. Succeeded, to test that exec refuses). */
export const PHASE_ANNOTATION = `${ANNOTATION_PREFIX}phase`;

export interface PortTarget {
  host: string;
  port: number;
}

interface PodLog {
  text: string;
  events: EventEmitter;
}

let podIpCounter = 10;

export class PodRuntime {
  private readonly logs = new Map<string, PodLog>();
  private readonly targets = new Map<string, PortTarget>();
  private echo?: Promise<Server>;

  /** Fills in what the scheduler and kubelet would: node, IP, phase, container statuses. */
  defaults(pod: KubeObject): KubeObject {
    const spec = ((pod.spec as Record<string, unknown> | undefined) ??= {});
    const containers = (spec.containers as { name: string; image?: string }[] | undefined) ?? [];
    if (!containers.length) {
      throw errors.invalid('Pod', '', pod.metadata.name ?? '', [
        { field: 'spec.containers', message: 'Required value' },
      ]);
    }
    spec.nodeName ??= 'node-1';
    const phase = pod.metadata.annotations?.[PHASE_ANNOTATION] ?? 'Running';
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    pod.status = {
      phase,
      podIP: `10.244.0.${podIpCounter++ % 250}`,
      hostIP: '172.18.0.2',
      startTime: now,
      conditions: [{ type: 'Ready', status: phase === 'Running' ? 'True' : 'False', lastTransitionTime: now }],
      containerStatuses: containers.map((c) => ({
        name: c.name,
        image: c.image ?? '',
        ready: phase === 'Running',
        restartCount: 0,
        started: phase === 'Running',
        state:
          phase === 'Running' ? { running: { startedAt: now } } : { terminated: { exitCode: 0, reason: 'Completed' } },
      })),
    };
    return pod;
  }

  log(namespace: string, pod: string): PodLog {
    const key = `${namespace}/${pod}`;
    let l = this.logs.get(key);
    if (!l) this.logs.set(key, (l = { text: '', events: new EventEmitter() }));
    l.events.setMaxListeners(0);
    return l;
  }

  appendLog(namespace: string, pod: string, text: string): void {
    const l = this.log(namespace, pod);
    l.text += text;
    l.events.emit('data', text);
  }

  /** Ends followers of a deleted pod's log. */
  endLog(namespace: string, pod: string): void {
    const l = this.logs.get(`${namespace}/${pod}`);
    l?.events.emit('end');
    this.logs.delete(`${namespace}/${pod}`);
  }

  setPortTarget(namespace: string, pod: string, port: number, target: PortTarget): void {
    this.targets.set(`${namespace}/${pod}/${port}`, target);
  }

  async portTarget(pod: KubeObject, port: number): Promise<PortTarget> {
    const explicit = this.targets.get(`${pod.metadata.namespace}/${pod.metadata.name}/${port}`);
    if (explicit) return explicit;
    const annotated = pod.metadata.annotations?.[PORT_ANNOTATION(port)];
    if (annotated) {
      const i = annotated.lastIndexOf(':');
      return { host: annotated.slice(0, i), port: Number(annotated.slice(i + 1)) };
    }
    this.echo ??= startEchoServer();
    const server = await this.echo;
    return { host: '127.0.0.1', port: (server.address() as AddressInfo).port };
  }

  async close(): Promise<void> {
    for (const l of this.logs.values()) l.events.emit('end');
    if (this.echo) {
      const server = await this.echo;
      this.echo = undefined;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.emit('close');
      await closed;
    }
  }
}

function startEchoServer(): Promise<Server> {
  return new Promise((resolve, reject) => {
    const sockets = new Set<import('node:net').Socket>();
    const server = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => socket.destroy());
      socket.pipe(socket);
    });
    server.on('close', () => sockets.forEach((s) => s.destroy()));
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}
