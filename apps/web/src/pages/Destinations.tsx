import { Badge, Table, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { api, check, type Schemas } from '../api/client';
import { formatTime, usePaged } from '../paged';
import { ErrorAlert, ListTable, PageTitle } from './parts';

type Destination = Schemas['DestinationResponse'];

export function Destinations() {
  const [typed, setFilter] = useState('');
  const [filter] = useDebouncedValue(typed.trim(), 300);
  const destinations = usePaged(
    async (cursor) =>
      check(await api.GET('/api/destinations', { params: { query: { cursor, name: filter || undefined } } })),
    filter,
  );
  return (
    <>
      <PageTitle>Destinations</PageTitle>
      <TextInput
        label="Show the destination named"
        type="search"
        maw={320}
        mb="md"
        value={typed}
        onChange={(e) => setFilter(e.currentTarget.value)}
      />
      <ErrorAlert error={destinations.error} title="Could not load the destinations" />
      <ListTable<Destination>
        caption="Destinations"
        columns={['Name', 'Connector', 'Last seen', 'Kubernetes', 'Namespaces']}
        items={destinations.items}
        more={destinations.more}
        loadMore={destinations.loadMore}
        empty="No destinations yet: add one with infra destinations add NAME."
        row={(d) => (
          <Table.Tr key={d.id}>
            <Table.Td>{d.name}</Table.Td>
            <Table.Td>
              <Badge color={d.connected ? 'green' : 'gray'} variant="light">
                {d.connected ? 'connected' : 'not connected'}
              </Badge>
            </Table.Td>
            <Table.Td>{formatTime(d.lastSeen)}</Table.Td>
            <Table.Td>{d.kubernetesVersion || '—'}</Table.Td>
            <Table.Td>{d.namespaces.length}</Table.Td>
          </Table.Tr>
        )}
      />
    </>
  );
}
