import assert from 'node:assert/strict';
import { forbiddenMessage, ruleAllows, type Attributes, type PolicyRule } from './rbac.js';

const res = (verb: string, resource: string, subresource = '', name = '', apiGroup = ''): Attributes => ({
  isResourceRequest: true,
  verb,
  apiGroup,
  resource,
  subresource,
  name,
  namespace: 'ns',
  path: '',
});
const path = (p: string): Attributes => ({
  isResourceRequest: false,
  verb: 'get',
  path: p,
  apiGroup: '',
  resource: '',
  subresource: '',
  name: '',
  namespace: '',
});

describe('RBAC rule matching', () => {
  const cases: [string, PolicyRule, Attributes, boolean][] = [
    [
      'pods does not cover pods/exec',
      { verbs: ['*'], apiGroups: [''], resources: ['pods'] },
      res('create', 'pods', 'exec'),
      false,
    ],
    [
      'pods/exec covers exec',
      { verbs: ['create'], apiGroups: [''], resources: ['pods/exec'] },
      res('create', 'pods', 'exec'),
      true,
    ],
    [
      '*/exec covers any exec subresource',
      { verbs: ['create'], apiGroups: [''], resources: ['*/exec'] },
      res('create', 'pods', 'exec'),
      true,
    ],
    ['the group must match', { verbs: ['get'], apiGroups: ['apps'], resources: ['pods'] }, res('get', 'pods'), false],
    [
      'resourceNames restrict get',
      { verbs: ['get'], apiGroups: [''], resources: ['pods'], resourceNames: ['a'] },
      res('get', 'pods', '', 'b'),
      false,
    ],
    [
      'resourceNames allow the listed name',
      { verbs: ['get'], apiGroups: [''], resources: ['pods'], resourceNames: ['a'] },
      res('get', 'pods', '', 'a'),
      true,
    ],
    [
      'a prefix URL rule matches below it',
      { verbs: ['get'], nonResourceURLs: ['/apis/*'] },
      path('/apis/rbac.authorization.k8s.io'),
      true,
    ],
    [
      'an exact URL rule does not match a longer path',
      { verbs: ['get'], nonResourceURLs: ['/api'] },
      path('/api/v1'),
      false,
    ],
    ['resource rules never match paths', { verbs: ['*'], apiGroups: ['*'], resources: ['*'] }, path('/healthz'), false],
  ];
  for (const [name, rule, attrs, allowed] of cases) it(name, () => assert.equal(ruleAllows(rule, attrs), allowed));

  it('words Forbidden messages like the apiserver', () => {
    assert.equal(
      forbiddenMessage('alice', res('create', 'rolebindings', '', '', 'rbac.authorization.k8s.io')),
      'rolebindings.rbac.authorization.k8s.io is forbidden: User "alice" cannot create resource "rolebindings" in API group "rbac.authorization.k8s.io" in the namespace "ns"',
    );
    assert.equal(forbiddenMessage('bob', path('/metrics')), 'forbidden: User "bob" cannot get path "/metrics"');
  });
});
