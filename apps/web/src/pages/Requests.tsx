// Access requests: everyone asks for time-limited access and sees their own requests; admins and a destination's
// approver groups decide the pending ones (the server says which a caller may decide).
import { Badge, Button, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { useAction } from '../action';
import { api, check, type Schemas } from '../api/client';
import { Confirm } from '../components/Confirm';
import { FormCard } from '../components/FormCard';
import { RowButton } from '../components/RowButton';
import { formatTime, usePaged } from '../paged';
import type { Session } from '../session';
import { ErrorAlert, ListTable, PageTitle } from './parts';
import { RequestApprovers } from './RequestApprovers';

type Request = Schemas['AccessRequestResponse'];
type Decision = 'approve' | 'deny' | 'cancel';

const STATE_COLORS: Record<Request['state'], string> = {
  pending: 'indigo',
  approved: 'green',
  denied: 'red',
  expired: 'gray',
  cancelled: 'gray',
};

export function Requests({ session }: { session: Session }) {
  const mine = usePaged(
    async (cursor) => check(await api.GET('/api/requests', { params: { query: { mine: true, cursor } } })),
    'mine',
  );
  // Pending requests the caller may decide: the server lists the caller's own too, which they cannot decide.
  const toDecide = usePaged(async (cursor) => {
    const page = check(await api.GET('/api/requests', { params: { query: { state: 'pending', cursor } } }));
    return { ...page, items: page.items.filter((r) => r.requester !== session.userID) };
  }, 'pending');
  const [deciding, setDeciding] = useState<{ request: Request; decision: Decision }>();
  const decide = (request: Request, decision: Decision) => () => setDeciding({ request, decision });
  return (
    <>
      <PageTitle>Access requests</PageTitle>
      <AskForAccess onAsked={mine.reload} />
      <Title order={3} size="h4" mt="lg">
        Waiting for your decision
      </Title>
      <ErrorAlert error={toDecide.error} title="Could not load the requests to decide" />
      <ListTable<Request>
        caption="Requests to decide"
        columns={['Who', 'Role', 'Resource', 'For', 'Reason', 'Asked', '']}
        items={toDecide.items}
        more={toDecide.more}
        loadMore={toDecide.loadMore}
        empty="Nothing is waiting for your decision."
        row={(r) => (
          <Table.Tr key={r.id}>
            <Table.Td>{r.requesterName}</Table.Td>
            <Table.Td>{r.role}</Table.Td>
            <Table.Td>{r.resource}</Table.Td>
            <Table.Td>{duration(r.durationSeconds)}</Table.Td>
            <Table.Td>{r.reason}</Table.Td>
            <Table.Td>{formatTime(r.created)}</Table.Td>
            <Table.Td>
              <RowButton
                label="Approve"
                name={`Approve ${r.requesterName}: ${r.role} on ${r.resource}`}
                onClick={decide(r, 'approve')}
              />
              <RowButton
                label="Deny"
                name={`Deny ${r.requesterName}: ${r.role} on ${r.resource}`}
                danger
                onClick={decide(r, 'deny')}
              />
            </Table.Td>
          </Table.Tr>
        )}
      />
      <Title order={3} size="h4" mt="lg">
        Your requests
      </Title>
      <ErrorAlert error={mine.error} title="Could not load your requests" />
      <ListTable<Request>
        caption="Your requests"
        columns={['Role', 'Resource', 'For', 'State', 'Decided by', 'Why', 'Access until', '']}
        items={mine.items}
        more={mine.more}
        loadMore={mine.loadMore}
        empty="You have asked for nothing yet."
        row={(r) => (
          <Table.Tr key={r.id}>
            <Table.Td>{r.role}</Table.Td>
            <Table.Td>{r.resource}</Table.Td>
            <Table.Td>{duration(r.durationSeconds)}</Table.Td>
            <Table.Td>
              <Badge color={STATE_COLORS[r.state]} variant="light">
                {r.state}
              </Badge>
            </Table.Td>
            <Table.Td>{r.decidedBy ?? '—'}</Table.Td>
            <Table.Td>{r.decisionReason ?? r.note ?? '—'}</Table.Td>
            <Table.Td>{formatTime(r.grantedUntil, '—')}</Table.Td>
            <Table.Td>
              {r.state === 'pending' && (
                <RowButton
                  label="Cancel"
                  name={`Cancel ${r.role} on ${r.resource}`}
                  danger
                  onClick={decide(r, 'cancel')}
                />
              )}
            </Table.Td>
          </Table.Tr>
        )}
      />
      {session.role === 'admin' && <RequestApprovers />}
      {deciding && (
        <Decide
          {...deciding}
          onClose={(done) => {
            setDeciding(undefined);
            if (done) {
              toDecide.reload();
              mine.reload();
            }
          }}
        />
      )}
    </>
  );
}

const VERBS: Record<Decision, string> = { approve: 'Approve', deny: 'Deny', cancel: 'Cancel' };

function Decide({
  request,
  decision,
  onClose,
}: {
  request: Request;
  decision: Decision;
  onClose(done: boolean): void;
}) {
  const [reason, setReason] = useState('');
  const verb = VERBS[decision];
  const decide = async () => {
    const params = { path: { id: request.id } };
    const body = reason.trim() ? { reason: reason.trim() } : {};
    if (decision === 'approve') return check(await api.POST('/api/requests/{id}/approve', { params, body }));
    if (decision === 'deny') return check(await api.POST('/api/requests/{id}/deny', { params, body }));
    return check(await api.POST('/api/requests/{id}/cancel', { params, body }));
  };
  return (
    <Confirm
      title={`${verb} ${request.role} on ${request.resource} for ${request.requesterName}?`}
      confirm={decision === 'cancel' ? 'Cancel the request' : verb}
      color={decision === 'approve' ? undefined : 'red'}
      onConfirm={decide}
      onClose={onClose}
    >
      {decision !== 'cancel' && (
        <Text size="sm">
          They asked for {duration(request.durationSeconds)}: “{request.reason}”.
        </Text>
      )}
      <Textarea
        label="Reason"
        description="for the requester and the audit log"
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
      />
    </Confirm>
  );
}

function AskForAccess({ onAsked }: { onAsked(): void }) {
  const empty = { resource: '', role: 'view', duration: '1h', reason: '' };
  const [form, setForm] = useState(empty);
  const action = useAction();
  const field = (key: keyof typeof empty) => ({
    value: form[key],
    onChange: (e: { currentTarget: { value: string } }) => setForm({ ...form, [key]: e.currentTarget.value }),
  });
  const submit = () =>
    action.run(async () => {
      check(await api.POST('/api/requests', { body: form }));
      setForm(empty);
      onAsked();
    });
  return (
    <FormCard title="Ask for access" action={action} onSubmit={submit}>
      <TextInput label="Resource" description="destination or destination.namespace" required {...field('resource')} />
      <TextInput label="Role" required {...field('role')} />
      <TextInput label="For how long" description="30m, 2h, 1d" required {...field('duration')} />
      <TextInput label="Reason" description="for the approver" required miw={280} {...field('reason')} />
      <Button type="submit" loading={action.busy}>
        Ask
      </Button>
    </FormCard>
  );
}

/** 5400 → "1h30m", as the CLI spells durations. */
export function duration(seconds: number): string {
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const parts = [d && `${d}d`, h && `${h}h`, m && `${m}m`].filter(Boolean);
  return parts.length ? parts.join('') : `${seconds}s`;
}
