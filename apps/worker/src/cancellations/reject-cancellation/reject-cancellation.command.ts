import { EnvelopedCommand } from '../../infrastructure/command-envelope';

export class RejectCancellationCommand extends EnvelopedCommand<{
  cancellationId: string;
  reasonId: string;
  comment: string;
}> {}
