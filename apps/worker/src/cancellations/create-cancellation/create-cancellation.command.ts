import { CreateCancellationBody, JobName } from '@aftersale/contracts';
import { EnvelopedCommand } from '../../infrastructure/command-envelope';
import { CommandJob } from '../../infrastructure/jobs';

@CommandJob(JobName.CreateCancellation)
export class CreateCancellationCommand extends EnvelopedCommand<CreateCancellationBody> {}
