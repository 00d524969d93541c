import { CompensateReturnBody, JobName } from '@aftersale/contracts';
import { EnvelopedCommand } from '../../infrastructure/command-envelope';
import { CommandJob } from '../../infrastructure/jobs';

@CommandJob(JobName.OfferCompensation)
export class OfferCompensationCommand extends EnvelopedCommand<CompensateReturnBody & { returnId: string }> {}
