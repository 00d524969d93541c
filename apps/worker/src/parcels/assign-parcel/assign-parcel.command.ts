import { JobName } from '@aftersale/contracts';
import { EnvelopedCommand } from '../../infrastructure/command-envelope';
import { CommandJob } from '../../infrastructure/jobs';

@CommandJob(JobName.AssignParcel)
export class AssignParcelCommand extends EnvelopedCommand<{ parcelId: string; returnId: string }> {}
