import { ActorRef } from '@aftersale/contracts';

/** What every command handler receives: the accepted command as the api recorded it. */
export interface CommandEnvelope<P = Record<string, any>> {
  commandId: string;
  type: string;
  actor: ActorRef;
  /** the tenant the command acts for; null for ops */
  sellerId: string | null;
  /** when the api accepted it: decisions meet their deadline at this moment (docs/rules.md#deadlines-and-decisions-in-flight) */
  acceptedAt: Date;
  payload: P;
}

/** Base of the CQRS command classes; the class says which use case, the envelope carries the data. */
export abstract class EnvelopedCommand<P = Record<string, any>> {
  constructor(readonly envelope: CommandEnvelope<P>) {}
}
