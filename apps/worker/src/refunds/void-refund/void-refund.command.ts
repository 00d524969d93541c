import { JobName } from '@aftersale/contracts';
import { EnvelopedCommand } from '../../infrastructure/command-envelope';
import { CommandJob } from '../../infrastructure/jobs';

@CommandJob(JobName.VoidRefund)
export class VoidRefundCommand extends EnvelopedCommand<{ refundId: string; comment: string }> {
  /** the provider is asked before the command's transaction (CommandJobs) */
  static readonly worksBeforeItsTransaction = true;
}
