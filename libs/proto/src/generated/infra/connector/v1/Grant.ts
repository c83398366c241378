// Original file: infra/connector/v1/connector.proto

import type { Long } from '@grpc/proto-loader';

export interface Grant {
  'id'?: (string);
  'userId'?: (string);
  'groupId'?: (string);
  'privilege'?: (string);
  'resource'?: (string);
  'expiresAtMs'?: (number | string | Long);
}

export interface Grant__Output {
  'id': (string);
  'userId': (string);
  'groupId': (string);
  'privilege': (string);
  'resource': (string);
  'expiresAtMs': (number);
}
