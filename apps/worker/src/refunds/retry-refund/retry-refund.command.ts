import { JobName } from '@aftersale/contracts';
import { EnvelopedCommand } from '../../infrastructure/command-envelope';
import { CommandJob } from '../../infrastructure/jobs';

@CommandJob(JobName.RetryRefund)
export class RetryRefundCommand extends EnvelopedCommand<{ refundId: string }> {}
