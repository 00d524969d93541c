import { DisputeReturnBody, JobName } from '@aftersale/contracts';
import { EnvelopedCommand } from '../../infrastructure/command-envelope';
import { CommandJob } from '../../infrastructure/jobs';

@CommandJob(JobName.DisputeReturn)
export class DisputeReturnCommand extends EnvelopedCommand<DisputeReturnBody & { returnId: string }> {}
