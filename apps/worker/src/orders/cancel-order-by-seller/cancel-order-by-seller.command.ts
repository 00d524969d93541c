import { CancelOrderBody, JobName } from '@aftersale/contracts';
import { EnvelopedCommand } from '../../infrastructure/command-envelope';
import { CommandJob } from '../../infrastructure/jobs';

@CommandJob(JobName.CancelOrderBySeller)
export class CancelOrderBySellerCommand extends EnvelopedCommand<CancelOrderBody & { orderId: string }> {}
