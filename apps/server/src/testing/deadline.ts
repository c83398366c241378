// The spec deadline helper (how long a wait may take before the spec fails with its reason): one copy, in
// @infra/kube-testing, which depends on no app.
export { DEADLINE_MS, within } from '@infra/kube-testing/deadline';
