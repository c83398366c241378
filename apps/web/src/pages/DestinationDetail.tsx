// One destination in a drawer: whether its connector is there, its namespaces, and the grants the connector reported
// it could not turn into RoleBindings (with the connector's sentence).
import { Button, Group, List, Table, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { DetailDrawer } from '../components/DetailDrawer';
import { api, check, type Schemas } from '../api/client';
import { Confirm } from '../components/Confirm';
import { ConnectedBadge } from '../components/ConnectedBadge';
import { formatTime } from '../paged';
import { ErrorAlert, ListTable } from './parts';

type Destination = Schemas['DestinationResponse'];
type Problem = Schemas['ReconcileProblemResponse'] & { grant: string };

/** The problems, each with the grant it is about spelled out (subject, role, resource) where it still exists. */
async function loadProblems(d: Destination): Promise<{ reportedAt: string | null; problems: Problem[] }> {
  const report = check(await api.GET('/api/destinations/{id}/problems', { params: { path: { id: d.id } } }));
  if (report.problems.length === 0) return { ...report, problems: [] };
  const grants = check(await api.GET('/api/grants', { params: { query: { destination: d.name, limit: 1000 } } }));
  const described = new Map(
    grants.items.map((g) => [g.id, `${g.userName ?? `group ${g.groupName}`}: ${g.privilege} on ${g.resource}`]),
  );
  return { ...report, problems: report.problems.map((p) => ({ ...p, grant: described.get(p.grantID) ?? p.grantID })) };
}

export function DestinationDetail({
  destination: d,
  onClose,
}: {
  destination: Destination;
  onClose(removed: boolean): void;
}) {
  const [problems, setProblems] = useState<Awaited<ReturnType<typeof loadProblems>>>();
  const [error, setError] = useState<string>();
  const [removing, setRemoving] = useState(false);
  useEffect(() => {
    loadProblems(d).then(setProblems, (e: Error) => setError(e.message));
  }, [d]);
  return (
    <DetailDrawer onClose={() => onClose(false)} title={`Destination ${d.name}`}>
      <Group>
        <ConnectedBadge connected={d.connected} />
        <Text size="sm">last seen {formatTime(d.lastSeen)}</Text>
        <Text size="sm">Kubernetes {d.kubernetesVersion || 'unknown'}</Text>
      </Group>
      {!d.connected && (
        <Text size="sm" role="note">
          Its connector is not connected: nothing granted here reaches the cluster until it is back.
        </Text>
      )}
      <Title order={3} size="h4">
        Namespaces
      </Title>
      {d.namespaces.length ? (
        <List size="sm" aria-label="Namespaces">
          {d.namespaces.map((n) => (
            <List.Item key={n}>{n}</List.Item>
          ))}
        </List>
      ) : (
        <Text size="sm">None reported yet.</Text>
      )}
      <Title order={3} size="h4">
        Problems
      </Title>
      <ErrorAlert error={error} title="Could not load the problems" />
      {problems && (
        <Text size="sm">
          {problems.reportedAt
            ? `The connector last reported at ${formatTime(problems.reportedAt)}.`
            : 'The connector has not reported yet.'}
        </Text>
      )}
      <ListTable<Problem>
        caption="Problems the connector reported"
        columns={['Grant', 'Problem']}
        items={error ? [] : problems?.problems}
        empty="No problems."
        row={(p) => (
          <Table.Tr key={p.grantID}>
            <Table.Td>{p.grant}</Table.Td>
            <Table.Td>{p.message}</Table.Td>
          </Table.Tr>
        )}
      />
      <Group justify="end">
        <Button color="red" onClick={() => setRemoving(true)}>
          Remove destination
        </Button>
      </Group>
      {removing && (
        <Confirm
          title={`Remove destination ${d.name}?`}
          confirm={`Remove ${d.name}`}
          onConfirm={async () => check(await api.DELETE('/api/destinations/{id}', { params: { path: { id: d.id } } }))}
          onClose={(done) => {
            setRemoving(false);
            if (done) onClose(true);
          }}
        >
          <Text size="sm">Its connector's access key stops working at once.</Text>
        </Confirm>
      )}
    </DetailDrawer>
  );
}
