import { JobName } from '@aftersale/contracts';
import { EnvelopedCommand } from '../../infrastructure/command-envelope';
import { CommandJob } from '../../infrastructure/jobs';

@CommandJob(JobName.ApproveCancellation)
export class ApproveCancellationCommand extends EnvelopedCommand<{ cancellationId: string; comment?: string }> {}
