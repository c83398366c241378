// Original file: infra/connector/v1/connector.proto


export interface ReconcileProblem {
  'grantId'?: (string);
  'message'?: (string);
}

export interface ReconcileProblem__Output {
  'grantId': (string);
  'message': (string);
}
