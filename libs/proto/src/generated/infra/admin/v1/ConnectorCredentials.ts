// Original file: infra/admin/v1/admin.proto


export interface ConnectorCredentials {
  'userName'?: (string);
  'accessKey'?: (string);
}

export interface ConnectorCredentials__Output {
  'userName': (string);
  'accessKey': (string);
}
