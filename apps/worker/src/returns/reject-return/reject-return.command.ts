import { JobName, RejectReturnBody } from '@aftersale/contracts';
import { EnvelopedCommand } from '../../infrastructure/command-envelope';
import { CommandJob } from '../../infrastructure/jobs';

@CommandJob(JobName.RejectReturn)
export class RejectReturnCommand extends EnvelopedCommand<RejectReturnBody & { returnId: string }> {}
