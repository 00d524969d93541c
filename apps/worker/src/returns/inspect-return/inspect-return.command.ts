import { InspectReturnBody, JobName } from '@aftersale/contracts';
import { EnvelopedCommand } from '../../infrastructure/command-envelope';
import { CommandJob } from '../../infrastructure/jobs';

@CommandJob(JobName.InspectReturn)
export class InspectReturnCommand extends EnvelopedCommand<InspectReturnBody & { returnId: string }> {}
