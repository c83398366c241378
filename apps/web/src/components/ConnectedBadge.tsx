import { Badge } from '@mantine/core';

/** Whether a destination's connector holds its stream to the server now. */
export function ConnectedBadge({ connected }: { connected: boolean }) {
  return (
    <Badge color={connected ? 'green' : 'gray'} variant="light">
      {connected ? 'connected' : 'not connected'}
    </Badge>
  );
}
