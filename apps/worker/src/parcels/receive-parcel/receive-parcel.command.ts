import { JobName, ParcelCondition } from '@aftersale/contracts';
import { EnvelopedCommand } from '../../infrastructure/command-envelope';
import { CommandJob } from '../../infrastructure/jobs';

@CommandJob(JobName.ReceiveParcel)
export class ReceiveParcelCommand extends EnvelopedCommand<{
  code: string;
  condition?: ParcelCondition;
  note?: string;
  attachmentIds?: string[];
}> {}
