// Original file: infra/admin/v1/admin.proto


export interface DecideRequest {
  'id'?: (string);
  'reason'?: (string);
  '_reason'?: "reason";
}

export interface DecideRequest__Output {
  'id': (string);
  'reason'?: (string);
  '_reason'?: "reason";
}
