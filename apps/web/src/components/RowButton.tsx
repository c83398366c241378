// The small button at the end of a table row; its accessible name says what it acts on ("Remove bob@example.com").
import { Button } from '@mantine/core';

export function RowButton({
  label,
  name,
  danger,
  onClick,
}: {
  label: string;
  name: string;
  danger?: boolean;
  onClick(): void;
}) {
  return (
    <Button size="compact-sm" variant="subtle" color={danger ? 'red' : undefined} aria-label={name} onClick={onClick}>
      {label}
    </Button>
  );
}
