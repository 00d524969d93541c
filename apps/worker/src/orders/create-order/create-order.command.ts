import { CreateOrderBody, JobName } from '@aftersale/contracts';
import { EnvelopedCommand } from '../../infrastructure/command-envelope';
import { CommandJob } from '../../infrastructure/jobs';

@CommandJob(JobName.CreateOrder)
export class CreateOrderCommand extends EnvelopedCommand<CreateOrderBody> {}
