// Original file: infra/admin/v1/admin.proto


export interface SigningKey {
  'kid'?: (string);
  'created'?: (string);
  'signing'?: (boolean);
  'superseded'?: (string);
  'retiresAfter'?: (string);
}

export interface SigningKey__Output {
  'kid': (string);
  'created': (string);
  'signing': (boolean);
  'superseded': (string);
  'retiresAfter': (string);
}
