// Original file: infra/admin/v1/admin.proto


export interface Group {
  'id'?: (string);
  'name'?: (string);
  'created'?: (string);
  'updated'?: (string);
  'totalUsers'?: (number);
}

export interface Group__Output {
  'id': (string);
  'name': (string);
  'created': (string);
  'updated': (string);
  'totalUsers': (number);
}
