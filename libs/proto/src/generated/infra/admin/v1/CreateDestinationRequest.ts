// Original file: infra/admin/v1/admin.proto


export interface CreateDestinationRequest {
  'name'?: (string);
}

export interface CreateDestinationRequest__Output {
  'name': (string);
}
