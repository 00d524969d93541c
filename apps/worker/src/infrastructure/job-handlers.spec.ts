import 'reflect-metadata';
import { Injectable, Module } from '@nestjs/common';
import { DiscoveryModule, NestFactory } from '@nestjs/core';
import { DeadlineJobData, JobName } from '@aftersale/contracts';
import { JobHandlerRegistry } from './job-handlers';
import { CommandJob, commandJobOf, OnJob } from './jobs';

@Injectable()
class ReturnTimer {
  fired: string[] = [];

  @OnJob(JobName.ReturnDeadline)
  async fire({ caseId }: DeadlineJobData): Promise<void> {
    this.fired.push(caseId);
  }
}

@Injectable()
class SecondReturnTimer {
  @OnJob(JobName.ReturnDeadline)
  async fire(): Promise<void> {}
}

async function registryOf(...providers: (new (...args: never[]) => unknown)[]) {
  @Module({ imports: [DiscoveryModule], providers: [JobHandlerRegistry, ...providers] })
  class TestModule {}
  const app = await NestFactory.createApplicationContext(TestModule, { logger: false });
  return { app, registry: app.get(JobHandlerRegistry) };
}

describe('each job name has exactly one handler (docs/architecture.md#adding-a-use-case)', () => {
  it('an @OnJob method becomes the handler of its job and receives the job data', async () => {
    const { app, registry } = await registryOf(ReturnTimer);
    await registry.handle({ name: JobName.ReturnDeadline, data: { caseId: 'case-1' } } as never);
    expect(app.get(ReturnTimer).fired).toEqual(['case-1']);
    expect(registry.names()).toEqual([JobName.ReturnDeadline]);
    await app.close();
  });

  it('refuses to start when two handlers claim one job', async () => {
    await expect(registryOf(ReturnTimer, SecondReturnTimer)).rejects.toThrow('Job ReturnDeadline has two handlers');
  });

  it('refuses to take jobs while a job name has no handler, naming it', async () => {
    const { app, registry } = await registryOf(ReturnTimer);
    expect(() => registry.assertComplete()).toThrow(/No handler for jobs: .*CreateOrder/);
    expect(() => registry.assertComplete()).not.toThrow(/ReturnDeadline/);
    await app.close();
  });

  it('a command class names its job', () => {
    @CommandJob(JobName.ShipOrder)
    class ShipSomething {}
    expect(commandJobOf(ShipSomething)).toBe(JobName.ShipOrder);
  });
});
