import { JobName } from '@aftersale/contracts';
import { EnvelopedCommand } from '../../infrastructure/command-envelope';
import { CommandJob } from '../../infrastructure/jobs';

@CommandJob(JobName.DeclineCompensation)
export class DeclineCompensationCommand extends EnvelopedCommand<{ returnId: string }> {}
