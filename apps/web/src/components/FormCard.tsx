// A titled form in a bordered card (the "add ..." forms): the title names the form for assistive technology.
import { Group, Paper, Title } from '@mantine/core';
import { useId, type FormEvent, type ReactNode } from 'react';
import type { Action } from '../action';
import { ErrorAlert } from '../pages/parts';

interface FormCardProps {
  title: string;
  action: Action;
  onSubmit(): Promise<unknown>;
  children: ReactNode;
  /** Shown under the form (e.g. what was made). */
  result?: ReactNode;
  maw?: number;
  /** The failure alert's title; "Could not <title>" by default. */
  errorTitle?: string;
}

export function FormCard({ title, action, onSubmit, children, result, maw, errorTitle }: FormCardProps) {
  const id = useId();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void onSubmit();
  };
  return (
    <Paper withBorder p="md" maw={maw}>
      <form onSubmit={submit} aria-labelledby={id}>
        <Title order={3} size="h4" id={id} mb="xs">
          {title}
        </Title>
        <Group align="end">{children}</Group>
      </form>
      <ErrorAlert error={action.error} title={errorTitle ?? `Could not ${title.toLowerCase()}`} />
      {result}
    </Paper>
  );
}
