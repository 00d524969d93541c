import { JobName } from '@aftersale/contracts';
import { EnvelopedCommand } from '../../infrastructure/command-envelope';
import { CommandJob } from '../../infrastructure/jobs';

@CommandJob(JobName.WithdrawCancellation)
export class WithdrawCancellationCommand extends EnvelopedCommand<{ cancellationId: string }> {}
