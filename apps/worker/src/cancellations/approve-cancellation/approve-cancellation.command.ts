import { EnvelopedCommand } from '../../infrastructure/command-envelope';

export class ApproveCancellationCommand extends EnvelopedCommand<{ cancellationId: string; comment?: string }> {}
