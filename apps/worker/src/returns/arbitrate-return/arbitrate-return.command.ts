import { ArbitrateReturnBody, JobName } from '@aftersale/contracts';
import { EnvelopedCommand } from '../../infrastructure/command-envelope';
import { CommandJob } from '../../infrastructure/jobs';

@CommandJob(JobName.ArbitrateReturn)
export class ArbitrateReturnCommand extends EnvelopedCommand<ArbitrateReturnBody & { returnId: string }> {}
