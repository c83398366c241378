// Original file: infra/connector/v1/connector.proto

import type { Long } from '@grpc/proto-loader';

export interface ProxyAuditEvent {
  'requestId'?: (string);
  'user'?: (string);
  'verb'?: (string);
  'path'?: (string);
  'status'?: (number);
  'durationMs'?: (number | string | Long);
  'atMs'?: (number | string | Long);
  'kubectlCommand'?: (string);
  'clientIp'?: (string);
}

export interface ProxyAuditEvent__Output {
  'requestId': (string);
  'user': (string);
  'verb': (string);
  'path': (string);
  'status': (number);
  'durationMs': (number);
  'atMs': (number);
  'kubectlCommand': (string);
  'clientIp': (string);
}
