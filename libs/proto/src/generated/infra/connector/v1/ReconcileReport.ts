// Original file: infra/connector/v1/connector.proto

import type { ReconcileProblem as _infra_connector_v1_ReconcileProblem, ReconcileProblem__Output as _infra_connector_v1_ReconcileProblem__Output } from '../../../infra/connector/v1/ReconcileProblem.js';

export interface ReconcileReport {
  'problems'?: (_infra_connector_v1_ReconcileProblem)[];
}

export interface ReconcileReport__Output {
  'problems': (_infra_connector_v1_ReconcileProblem__Output)[];
}
