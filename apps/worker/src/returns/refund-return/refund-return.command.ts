import { JobName, RefundReturnBody } from '@aftersale/contracts';
import { EnvelopedCommand } from '../../infrastructure/command-envelope';
import { CommandJob } from '../../infrastructure/jobs';

@CommandJob(JobName.RefundReturn)
export class RefundReturnCommand extends EnvelopedCommand<RefundReturnBody & { returnId: string }> {}
