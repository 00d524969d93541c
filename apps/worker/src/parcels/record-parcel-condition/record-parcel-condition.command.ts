import { JobName, ParcelCondition } from '@aftersale/contracts';
import { EnvelopedCommand } from '../../infrastructure/command-envelope';
import { CommandJob } from '../../infrastructure/jobs';

@CommandJob(JobName.RecordParcelCondition)
export class RecordParcelConditionCommand extends EnvelopedCommand<{
  parcelId: string;
  condition: ParcelCondition;
  note?: string;
  attachmentIds?: string[];
}> {}
