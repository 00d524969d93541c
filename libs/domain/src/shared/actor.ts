import { ActorRef } from '@aftersale/contracts';

export const SYSTEM_ACTOR: ActorRef = { kind: 'system', name: 'system' };
export const DEADLINE_ACTOR: ActorRef = { kind: 'deadline', name: 'deadline' };

/** How a decision-maker is recorded in `decidedBy`: a user id, `system` or `deadline`. */
export function decidedByOf(actor: ActorRef): string {
  if (actor.kind === 'system' || actor.kind === 'deadline') return actor.kind;
  return actor.id ?? actor.kind;
}
