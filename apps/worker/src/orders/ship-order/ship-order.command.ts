import { JobName } from '@aftersale/contracts';
import { EnvelopedCommand } from '../../infrastructure/command-envelope';
import { CommandJob } from '../../infrastructure/jobs';

@CommandJob(JobName.ShipOrder)
export class ShipOrderCommand extends EnvelopedCommand<{ orderId: string }> {}
