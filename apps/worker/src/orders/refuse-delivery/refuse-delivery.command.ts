import { JobName } from '@aftersale/contracts';
import { EnvelopedCommand } from '../../infrastructure/command-envelope';
import { CommandJob } from '../../infrastructure/jobs';

@CommandJob(JobName.RefuseDelivery)
export class RefuseDeliveryCommand extends EnvelopedCommand<{ orderId: string }> {}
