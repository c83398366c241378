// The parts of rendered Kubernetes objects the chart tests look at, and typed ways to pick them out.
import assert from 'node:assert/strict';

export interface ObjectMeta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
}

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string } };
}

export interface Probe {
  httpGet?: { path: string; port: string | number; scheme?: string };
  initialDelaySeconds?: number;
  periodSeconds?: number;
  failureThreshold?: number;
}

export interface Container {
  name: string;
  image: string;
  command?: string[];
  env?: EnvVar[];
  ports?: { name: string; containerPort: number }[];
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  startupProbe?: Probe;
  envFrom?: object[];
  securityContext?: Record<string, unknown>;
  resources?: { requests?: Record<string, string | number>; limits?: Record<string, string | number> };
  volumeMounts?: { name: string; mountPath: string }[];
}

export interface Deployment extends KubeObject {
  kind: 'Deployment';
  spec: {
    replicas: number;
    selector: { matchLabels: Record<string, string> };
    template: {
      metadata: ObjectMeta;
      spec: {
        serviceAccountName?: string;
        automountServiceAccountToken?: boolean;
        priorityClassName?: string;
        topologySpreadConstraints?: object[];
        securityContext?: Record<string, unknown>;
        containers: Container[];
        volumes?: { name: string; secret?: { secretName: string }; configMap?: { name: string } }[];
      };
    };
  };
}

export interface Service extends KubeObject {
  kind: 'Service';
  spec: {
    type: string;
    selector: Record<string, string>;
    ports: { name: string; port: number; targetPort: string | number; nodePort?: number }[];
  };
}

export interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames?: string[];
}

export interface ClusterRole extends KubeObject {
  kind: 'ClusterRole' | 'Role';
  rules: PolicyRule[];
}

export interface ClusterRoleBinding extends KubeObject {
  kind: 'ClusterRoleBinding' | 'RoleBinding';
  roleRef: { kind: string; name: string };
  subjects: { kind: string; name: string; namespace?: string }[];
}

export interface PodDisruptionBudget extends KubeObject {
  kind: 'PodDisruptionBudget';
  spec: { minAvailable: number | string; selector: { matchLabels: Record<string, string> } };
}

export interface Secret extends KubeObject {
  kind: 'Secret';
  data: Record<string, string>;
}

export interface ConfigMap extends KubeObject {
  kind: 'ConfigMap';
  data: Record<string, string>;
}

export interface NetworkPolicy extends KubeObject {
  kind: 'NetworkPolicy';
  spec: {
    podSelector: { matchLabels: Record<string, string> };
    policyTypes: string[];
    ingress: { ports: { port: string; protocol: string }[]; from?: object[] }[];
  };
}

export interface ServiceMonitor extends KubeObject {
  kind: 'ServiceMonitor';
  spec: {
    selector: { matchLabels: Record<string, string> };
    namespaceSelector: { matchNames: string[] };
    endpoints: {
      port: string;
      path: string;
      scheme: string;
      interval: string;
      authorization?: { type: string; credentials: { name: string; key: string } };
    }[];
  };
}

interface Kinds {
  ConfigMap: ConfigMap;
  Deployment: Deployment;
  Service: Service;
  ClusterRole: ClusterRole;
  ClusterRoleBinding: ClusterRoleBinding;
  Role: ClusterRole;
  RoleBinding: ClusterRoleBinding;
  PodDisruptionBudget: PodDisruptionBudget;
  Secret: Secret;
  ServiceAccount: KubeObject;
  NetworkPolicy: NetworkPolicy;
  ServiceMonitor: ServiceMonitor;
}

export function ofKind<K extends keyof Kinds>(objects: KubeObject[], kind: K): Kinds[K][] {
  return objects.filter((o) => o.kind === kind) as Kinds[K][];
}

/** The one object of a kind; fails the test when there is none or more than one. */
export function only<K extends keyof Kinds>(objects: KubeObject[], kind: K): Kinds[K] {
  const found = ofKind(objects, kind);
  assert.equal(found.length, 1, `expected one ${kind}, rendered ${found.length}`);
  return found[0];
}

/** The object of a kind with that name; fails the test when there is none. */
export function named<K extends keyof Kinds>(objects: KubeObject[], kind: K, name: string): Kinds[K] {
  const found = ofKind(objects, kind).find((o) => o.metadata.name === name);
  assert.ok(found, `no ${kind} named ${name} was rendered`);
  return found;
}

export function kindsOf(objects: KubeObject[]): string[] {
  return objects.map((o) => o.kind).sort();
}

export function container(deployment: Deployment): Container {
  const [first] = deployment.spec.template.spec.containers;
  assert.ok(first, 'the Deployment has no container');
  return first;
}

export function env(c: Container): Map<string, EnvVar> {
  return new Map((c.env ?? []).map((e) => [e.name, e]));
}
