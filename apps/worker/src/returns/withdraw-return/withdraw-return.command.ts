import { JobName } from '@aftersale/contracts';
import { EnvelopedCommand } from '../../infrastructure/command-envelope';
import { CommandJob } from '../../infrastructure/jobs';

@CommandJob(JobName.WithdrawReturn)
export class WithdrawReturnCommand extends EnvelopedCommand<{ returnId: string }> {}
