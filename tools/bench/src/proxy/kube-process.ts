// The Kubernetes API test server in a process of its own for the stream benchmarks, so that kubectl straight to it
// (the baseline) and kubectl through the connector (in a process of its own too) find it equally idle: neither
// the connector nor the load client queue on its event loop. One Running pod whose port forwards to `target`.
import { startKubeApiServer } from '@infra/kube-testing';
import { childMain, scriptOf, startChild, type ChildProcessHandle } from '../lib/child.js';

export interface KubeInput {
  pod: string;
  /** The pod's port that port-forward connects to `target` (a TCP server in the bench's process). */
  port: number;
  target: { host: string; port: number };
}

export interface KubeProcess {
  url: string;
  caPem: string;
  adminToken: string;
}

export function startKubeProcess(input: KubeInput): Promise<ChildProcessHandle<KubeProcess>> {
  return startChild<KubeProcess>(scriptOf(import.meta.url), input);
}

childMain<KubeInput, KubeProcess>(import.meta.url, async ({ pod, port, target }) => {
  const kube = await startKubeApiServer();
  kube.addPod({ name: pod, namespace: 'default' });
  kube.setPortForwardTarget('default', pod, port, target);
  return { ready: { url: kube.url, caPem: kube.caPem, adminToken: kube.adminToken }, close: () => kube.stop() };
});
