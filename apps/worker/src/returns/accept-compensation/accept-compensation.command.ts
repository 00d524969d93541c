import { JobName } from '@aftersale/contracts';
import { EnvelopedCommand } from '../../infrastructure/command-envelope';
import { CommandJob } from '../../infrastructure/jobs';

@CommandJob(JobName.AcceptCompensation)
export class AcceptCompensationCommand extends EnvelopedCommand<{ returnId: string }> {}
