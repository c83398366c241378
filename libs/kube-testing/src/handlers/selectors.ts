// Label and field selectors on lists and watches: equality, inequality and existence terms.
import type { KubeObject } from '../store.js';
import { errors } from '../status.js';

type Predicate = (o: KubeObject) => boolean;

export function selectorPredicate(q: URLSearchParams): Predicate {
  const preds: Predicate[] = [];
  for (const term of splitTerms(q.get('labelSelector'))) preds.push(labelTerm(term));
  for (const term of splitTerms(q.get('fieldSelector'))) preds.push(fieldTerm(term));
  return (o) => preds.every((p) => p(o));
}

export function filterItems(items: KubeObject[], q: URLSearchParams): KubeObject[] {
  const p = selectorPredicate(q);
  return items.filter(p);
}

function splitTerms(s: string | null): string[] {
  return (s ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
}

function labelTerm(term: string): Predicate {
  const labels = (o: KubeObject) => o.metadata.labels ?? {};
  let m = /^([^!=\s]+)\s*(==|=|!=)\s*(.*)$/.exec(term);
  if (m) {
    const [, k, op, v] = m;
    return op === '!=' ? (o) => labels(o)[k] !== v : (o) => labels(o)[k] === v;
  }
  m = /^(!?)([^!=\s]+)$/.exec(term);
  if (m) {
    const [, not, k] = m;
    return (o) => k in labels(o) !== (not === '!');
  }
  throw errors.badRequest(`unable to parse requirement: ${term}`);
}

function fieldTerm(term: string): Predicate {
  const m = /^([^!=\s]+)\s*(==|=|!=)\s*(.*)$/.exec(term);
  if (!m) throw errors.badRequest(`invalid field selector: ${term}`);
  const [, field, op, v] = m;
  const get = (o: KubeObject): unknown =>
    field.split('.').reduce<unknown>((cur, k) => (cur as Record<string, unknown> | undefined)?.[k], o);
  return op === '!=' ? (o) => String(get(o) ?? '') !== v : (o) => String(get(o) ?? '') === v;
}
