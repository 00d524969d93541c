import { ProblemDocument } from './problems';

export const COMMAND_STATES = ['accepted', 'succeeded', 'failed'] as const;
export type CommandState = (typeof COMMAND_STATES)[number];

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
