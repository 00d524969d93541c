import { ProblemDocument } from './problems';

export const COMMAND_STATES = ['accepted', 'succeeded', 'failed'] as const;
export type CommandState = (typeof COMMAND_STATES)[number];

/**
 * What a command's job returns when it wrote the command's outcome (BullMQ keeps it as the job's return value and
 * sends it with the job's `completed` event): the outcome as the row holds it, so the api that waits answers from
 * the event without reading the row (docs/benchmarks.md, 23). A job that wrote no outcome (a redelivered job whose
 * command was done already) returns nothing, and the api reads the row.
 */
export type CommandJobResult = { state: 'succeeded'; result: unknown } | { state: 'failed'; problem: ProblemDocument };

export interface CommandView {
  id: string;
  type: string;
  state: CommandState;
  acceptedAt: string;
  completedAt: string | null;
  resourceType: string | null;
  resourceId: string | null;
  result?: unknown;
  problem?: ProblemDocument;
}
