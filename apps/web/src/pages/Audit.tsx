// The admin audit log, oldest first as the API pages it: filtered by who acted, what they did and when, a page at a time.
import { Code, Group, Table, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { api, check, type Schemas } from '../api/client';
import { formatTime, usePaged } from '../paged';
import { ErrorAlert, ListTable, PageTitle } from './parts';

type AuditEvent = Schemas['AuditEventResponse'];

const PAGE_SIZE = 50;

/** A datetime-local value (the browser's time zone) as RFC 3339, or undefined when empty. */
function instant(local: string): string | undefined {
  return local ? new Date(local).toISOString() : undefined;
}

export function Audit() {
  const [filter, setFilter] = useState({ actor: '', action: '', since: '', until: '' });
  const [settled] = useDebouncedValue(filter, 300);
  const query = {
    actor: settled.actor.trim() || undefined,
    action: settled.action.trim() || undefined,
    since: instant(settled.since),
    until: instant(settled.until),
  };
  const events = usePaged(
    async (cursor) => check(await api.GET('/api/audit', { params: { query: { ...query, cursor, limit: PAGE_SIZE } } })),
    JSON.stringify(query),
  );
  const set = (key: keyof typeof filter) => (e: { currentTarget: HTMLInputElement }) =>
    setFilter({ ...filter, [key]: e.currentTarget.value });
  return (
    <>
      <PageTitle>Audit log</PageTitle>
      <Group mb="md" role="search" aria-label="Filter the audit log" align="end">
        <TextInput label="User" type="search" value={filter.actor} onChange={set('actor')} />
        <TextInput
          label="Action"
          type="search"
          placeholder="grants.create"
          value={filter.action}
          onChange={set('action')}
        />
        <TextInput label="From" type="datetime-local" value={filter.since} onChange={set('since')} />
        <TextInput label="Until" type="datetime-local" value={filter.until} onChange={set('until')} />
      </Group>
      <ErrorAlert error={events.error} title="Could not load the audit log" />
      <ListTable<AuditEvent>
        caption="Audit log"
        columns={['When', 'Who', 'Action', 'Target', 'Details', 'Request']}
        items={events.items}
        more={events.more}
        loadMore={events.loadMore}
        empty="No events match."
        row={(e) => (
          <Table.Tr key={e.id}>
            <Table.Td>{formatTime(e.at)}</Table.Td>
            <Table.Td>{e.actorName ?? 'the server'}</Table.Td>
            <Table.Td>{e.action}</Table.Td>
            <Table.Td>
              {e.targetType} {e.targetName ?? e.targetID ?? ''}
            </Table.Td>
            <Table.Td>{Object.keys(e.details).length > 0 && <Code>{JSON.stringify(e.details)}</Code>}</Table.Td>
            <Table.Td>{e.requestID ?? ''}</Table.Td>
          </Table.Tr>
        )}
      />
    </>
  );
}
