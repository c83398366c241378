// Original file: infra/connector/v1/connector.proto

import type { Long } from '@grpc/proto-loader';

export interface Revocation {
  'credentialId'?: (string);
  'userId'?: (string);
  'revokedAtMs'?: (number | string | Long);
  'untilMs'?: (number | string | Long);
}

export interface Revocation__Output {
  'credentialId': (string);
  'userId': (string);
  'revokedAtMs': (number);
  'untilMs': (number);
}
