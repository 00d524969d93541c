import { CreateReturnBody, JobName } from '@aftersale/contracts';
import { EnvelopedCommand } from '../../infrastructure/command-envelope';
import { CommandJob } from '../../infrastructure/jobs';

@CommandJob(JobName.CreateReturn)
export class CreateReturnCommand extends EnvelopedCommand<CreateReturnBody> {}
