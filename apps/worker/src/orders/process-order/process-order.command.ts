import { JobName } from '@aftersale/contracts';
import { EnvelopedCommand } from '../../infrastructure/command-envelope';
import { CommandJob } from '../../infrastructure/jobs';

@CommandJob(JobName.ProcessOrder)
export class ProcessOrderCommand extends EnvelopedCommand<{ orderId: string }> {}
