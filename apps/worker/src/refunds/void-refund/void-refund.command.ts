import { JobName } from '@aftersale/contracts';
import { EnvelopedCommand } from '../../infrastructure/command-envelope';
import { CommandJob } from '../../infrastructure/jobs';

@CommandJob(JobName.VoidRefund)
export class VoidRefundCommand extends EnvelopedCommand<{ refundId: string; comment: string }> {}
