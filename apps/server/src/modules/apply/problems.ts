// What is wrong with an applied file, each problem with the line and the field it is about. They are collected (all of
// them, not the first) and turned into one 400 whose message prints as `infra.yaml:12: grants[3].role: unknown role`.
import { BadRequestError } from '../../common/errors.js';

export interface Site {
  /** 1-based line in the file. */
  line: number;
  /** Where in the document, like `grants[3].role`; empty for the document itself. */
  path: string;
}

export interface Problem extends Site {
  message: string;
}

export function formatProblem(file: string, p: Problem): string {
  return `${file}:${p.line}: ${p.path ? `${p.path}: ` : ''}${p.message}`;
}

/** Problems in file order (then by field), so the same file always reads the same. */
export function sortProblems(problems: Problem[]): Problem[] {
  return [...problems].sort(
    (a, b) => a.line - b.line || a.path.localeCompare(b.path) || a.message.localeCompare(b.message),
  );
}

/** The 400 for a file with problems: the message holds every line; fieldErrors name each field. */
export function invalidFile(file: string, problems: Problem[]): BadRequestError {
  const sorted = sortProblems(problems);
  return new BadRequestError(
    sorted.map((p) => formatProblem(file, p)).join('\n'),
    sorted.map((p) => ({ field: p.path || '(document)', errors: [`${file}:${p.line}: ${p.message}`] })),
  );
}
