import { ApproveReturnBody, JobName } from '@aftersale/contracts';
import { EnvelopedCommand } from '../../infrastructure/command-envelope';
import { CommandJob } from '../../infrastructure/jobs';

@CommandJob(JobName.ApproveReturn)
export class ApproveReturnCommand extends EnvelopedCommand<ApproveReturnBody & { returnId: string }> {}
