import 'reflect-metadata';
import { Job } from 'bullmq';
import { CommandJobName, JobName, JobOf } from '@aftersale/contracts';

const COMMAND_JOB = 'aftersale:command-job';
const ON_JOB = 'aftersale:on-job';

/** Jobs that carry something other than a command id (an event, a refund, a timer). */
export type ReactionJobName = Exclude<JobName, CommandJobName>;

/** What an `@OnJob` method receives: the job's data, typed by its name, and the job itself (its attempts). */
export type JobMethod<N extends JobName> = (data: JobOf<N>, job: Job<JobOf<N>>) => Promise<void>;

/**
 * Names the job that carries a command (docs/architecture.md#adding-a-use-case). The worker finds the command's
 * handler among the providers of the context modules and makes it the job's one handler.
 */
export function CommandJob(name: CommandJobName): ClassDecorator {
  return (target) => Reflect.defineMetadata(COMMAND_JOB, name, target);
}

export function commandJobOf(commandClass: object): CommandJobName | undefined {
  return Reflect.getMetadata(COMMAND_JOB, commandClass);
}

/** Makes a provider's method the one handler of a job that is not a command (in the spirit of immich's `@OnJob`). */
export function OnJob<N extends ReactionJobName>(name: N) {
  return <M extends JobMethod<N>>(
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<M>,
  ): void => {
    Reflect.defineMetadata(ON_JOB, name, descriptor.value!);
  };
}

export function onJobOf(method: unknown): ReactionJobName | undefined {
  return typeof method === 'function' ? Reflect.getMetadata(ON_JOB, method) : undefined;
}
