import { JobName, RejectReturnBody } from '@aftersale/contracts';
import { EnvelopedCommand } from '../../infrastructure/command-envelope';
import { CommandJob } from '../../infrastructure/jobs';

@CommandJob(JobName.RejectReturnAfterInspection)
export class RejectReturnAfterInspectionCommand extends EnvelopedCommand<RejectReturnBody & { returnId: string }> {}
