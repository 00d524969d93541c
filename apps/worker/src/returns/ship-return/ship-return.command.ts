import { JobName, ShipReturnBody } from '@aftersale/contracts';
import { EnvelopedCommand } from '../../infrastructure/command-envelope';
import { CommandJob } from '../../infrastructure/jobs';

@CommandJob(JobName.ShipReturn)
export class ShipReturnCommand extends EnvelopedCommand<ShipReturnBody & { returnId: string }> {}
