import { JobName } from '@aftersale/contracts';
import { EnvelopedCommand } from '../../infrastructure/command-envelope';
import { CommandJob } from '../../infrastructure/jobs';

@CommandJob(JobName.RejectCancellation)
export class RejectCancellationCommand extends EnvelopedCommand<{
  cancellationId: string;
  reasonId: string;
  comment: string;
}> {}
