import { JobName } from '@aftersale/contracts';
import { EnvelopedCommand } from '../../infrastructure/command-envelope';
import { CommandJob } from '../../infrastructure/jobs';

@CommandJob(JobName.DeliverOrder)
export class DeliverOrderCommand extends EnvelopedCommand<{ orderId: string }> {}
