import { Button, Table, Text, TextInput } from '@mantine/core';
import { connectorGrpcUrl, helmCommand, type ServerVersion } from '@infra/access/connector-install';
import { useState } from 'react';
import { useAction } from '../action';
import { api, check, type Schemas } from '../api/client';
import { ConnectedBadge } from '../components/ConnectedBadge';
import { FormCard } from '../components/FormCard';
import { RowButton } from '../components/RowButton';
import { useSearch } from '../components/SearchInput';
import { ShownOnce } from '../components/ShownOnce';
import { formatTime, usePaged } from '../paged';
import { DestinationDetail } from './DestinationDetail';
import { ErrorAlert, ListTable, PageTitle } from './parts';

type Destination = Schemas['DestinationResponse'];

export function Destinations() {
  const search = useSearch('Show the destination named');
  const destinations = usePaged(
    async (cursor) =>
      check(await api.GET('/api/destinations', { params: { query: { cursor, name: search.value || undefined } } })),
    search.value,
  );
  const [open, setOpen] = useState<Destination>();
  return (
    <>
      <PageTitle>Destinations</PageTitle>
      <AddDestination onAdded={destinations.reload} />
      {search.input}
      <ErrorAlert error={destinations.error} title="Could not load the destinations" />
      <ListTable<Destination>
        caption="Destinations"
        columns={['Name', 'Connector', 'Last seen', 'Kubernetes', 'Namespaces', '']}
        items={destinations.items}
        more={destinations.more}
        loadMore={destinations.loadMore}
        empty="No destinations yet: add one above."
        row={(d) => (
          <Table.Tr key={d.id}>
            <Table.Td>{d.name}</Table.Td>
            <Table.Td>
              <ConnectedBadge connected={d.connected} />
            </Table.Td>
            <Table.Td>{formatTime(d.lastSeen)}</Table.Td>
            <Table.Td>{d.kubernetesVersion || '—'}</Table.Td>
            <Table.Td>{d.namespaces.length}</Table.Td>
            <Table.Td>
              <RowButton label="Details" name={`Details of ${d.name}`} onClick={() => setOpen(d)} />
            </Table.Td>
          </Table.Tr>
        )}
      />
      {open && (
        <DestinationDetail
          destination={open}
          onClose={(removed) => {
            setOpen(undefined);
            if (removed) destinations.reload();
          }}
        />
      )}
    </>
  );
}

/** Adds a destination and shows, once, the Helm command (with the connector's access key) that installs it. */
function AddDestination({ onAdded }: { onAdded(): void }) {
  const [name, setName] = useState('');
  const [install, setInstall] = useState<{ name: string; command: string }>();
  const action = useAction();
  const submit = () =>
    action.run(async () => {
      setInstall(undefined);
      // /api/version is untyped in the OpenAPI document: its shape is the shared ServerVersion.
      const version = (await (await fetch('/api/version')).json()) as ServerVersion;
      const created = check(await api.POST('/api/destinations', { body: { name } }));
      const grpcUrl = connectorGrpcUrl(version, window.location.origin);
      setInstall({ name, command: helmCommand(grpcUrl, name, created.connector.accessKey) });
      setName('');
      onAdded();
    });
  const result = install && (
    <ShownOnce title={`Added ${install.name}`} secret={install.command} testId="helm-command">
      <Text size="sm">Install its connector in the cluster (the command holds the connector&apos;s access key):</Text>
    </ShownOnce>
  );
  return (
    <FormCard title="Add a destination" action={action} onSubmit={submit} result={result}>
      <TextInput
        label="Name"
        description="a lower-case DNS label, e.g. production"
        required
        value={name}
        onChange={(e) => setName(e.currentTarget.value)}
      />
      <Button type="submit" loading={action.busy}>
        Add destination
      </Button>
    </FormCard>
  );
}
