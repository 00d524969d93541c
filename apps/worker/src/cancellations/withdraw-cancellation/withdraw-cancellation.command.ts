import { EnvelopedCommand } from '../../infrastructure/command-envelope';

export class WithdrawCancellationCommand extends EnvelopedCommand<{ cancellationId: string }> {}
