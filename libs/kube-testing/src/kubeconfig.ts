// Writes a kubeconfig for kubectl or @kubernetes/client-node pointing at a server, with a bearer token
// or an exec credential plugin (k8s-wire §6: client.authentication.k8s.io/v1 needs interactiveMode).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { stringify } from 'yaml';

export interface ExecCredentialConfig {
  command: string;
  args?: string[];
  env?: { name: string; value: string }[];
  apiVersion?: string;
  interactiveMode?: 'Never' | 'IfAvailable' | 'Always';
  provideClusterInfo?: boolean;
}

export type KubeCredential = string | { token: string } | { exec: ExecCredentialConfig };

export interface KubeconfigOptions {
  server: string;
  caPem: string;
  credential: KubeCredential;
  namespace?: string;
  /** Kubeconfig-level impersonation (`user.as`, `as-groups`, `as-uid`, `as-user-extra`). */
  impersonate?: { as: string; asGroups?: string[]; asUid?: string; asUserExtra?: Record<string, string[]> };
}

export function kubeconfigYaml(o: KubeconfigOptions): string {
  const user: Record<string, unknown> = {};
  if (typeof o.credential === 'string') user.token = o.credential;
  else if ('token' in o.credential) user.token = o.credential.token;
  else {
    const e = o.credential.exec;
    user.exec = {
      apiVersion: e.apiVersion ?? 'client.authentication.k8s.io/v1',
      command: e.command,
      args: e.args ?? [],
      env: e.env ?? null,
      interactiveMode: e.interactiveMode ?? 'Never',
      provideClusterInfo: e.provideClusterInfo ?? false,
    };
  }
  if (o.impersonate) {
    user.as = o.impersonate.as;
    if (o.impersonate.asGroups) user['as-groups'] = o.impersonate.asGroups;
    if (o.impersonate.asUid) user['as-uid'] = o.impersonate.asUid;
    if (o.impersonate.asUserExtra) user['as-user-extra'] = o.impersonate.asUserExtra;
  }
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: 'kube-test',
        cluster: { server: o.server, 'certificate-authority-data': Buffer.from(o.caPem).toString('base64') },
      },
    ],
    users: [{ name: 'kube-test-user', user }],
    contexts: [
      {
        name: 'kube-test',
        context: { cluster: 'kube-test', user: 'kube-test-user', namespace: o.namespace ?? 'default' },
      },
    ],
    'current-context': 'kube-test',
    preferences: {},
  });
}

export function writeKubeconfig(path: string, o: KubeconfigOptions): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, kubeconfigYaml(o), { mode: 0o600 });
  return path;
}
