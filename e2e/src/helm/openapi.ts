// Each kind the charts render, checked against its published schema (kubernetes-models: the Kubernetes OpenAPI
// document, and the cert-manager and prometheus-operator CRDs' schemas), so a missing required field or a wrong type
// fails here as the API server (or the CRD's structural schema) would refuse it.
import { Deployment } from 'kubernetes-models/apps/v1';
import { ConfigMap, Secret, Service, ServiceAccount } from 'kubernetes-models/v1';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import { CustomResourceDefinition } from 'kubernetes-models/apiextensions.k8s.io/v1';
import { Certificate } from '@kubernetes-models/cert-manager/cert-manager.io/v1';
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import type { KubeObject } from './objects.js';

interface Model {
  apiVersion: string;
  kind: string;
  new (data: never): { validate(): void };
}

const MODELS: Model[] = [
  Deployment,
  ConfigMap,
  Secret,
  Service,
  ServiceAccount,
  NetworkPolicy,
  PodDisruptionBudget,
  ClusterRole,
  ClusterRoleBinding,
  Role,
  RoleBinding,
  CustomResourceDefinition,
  Certificate,
  ServiceMonitor,
] as unknown as Model[];

/** The schema problems of `obj` ("data/spec must have required property selector"); throws for an unknown kind. */
export function schemaProblems(obj: KubeObject): string | undefined {
  const model = MODELS.find((m) => m.apiVersion === obj.apiVersion && m.kind === obj.kind);
  if (!model) throw new Error(`no schema here for ${obj.apiVersion} ${obj.kind}: add its model to openapi.ts`);
  try {
    new model(obj as never).validate();
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}
