// Original file: infra/admin/v1/admin.proto


export interface CreateTokenRequest {
  'destination'?: (string);
}

export interface CreateTokenRequest__Output {
  'destination': (string);
}
