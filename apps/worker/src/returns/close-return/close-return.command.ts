import { JobName } from '@aftersale/contracts';
import { EnvelopedCommand } from '../../infrastructure/command-envelope';
import { CommandJob } from '../../infrastructure/jobs';

@CommandJob(JobName.CloseReturn)
export class CloseReturnCommand extends EnvelopedCommand<{ returnId: string; comment: string }> {}
