// Original file: infra/admin/v1/admin.proto


export interface Provider {
  'id'?: (string);
  'name'?: (string);
  'kind'?: (string);
  'url'?: (string);
  'clientId'?: (string);
  'created'?: (string);
  'updated'?: (string);
}

export interface Provider__Output {
  'id': (string);
  'name': (string);
  'kind': (string);
  'url': (string);
  'clientId': (string);
  'created': (string);
  'updated': (string);
}
