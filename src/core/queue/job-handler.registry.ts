import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import type { Job } from 'bullmq';
import { QUEUES, QueueName } from './queue.catalogue';

export type JobHandler = (job: Job, token?: string) => Promise<unknown>;

/** Raised at boot when a job has no handler or two (rule 9). */
export class JobRegistrationError extends Error {}

/**
 * Processors register their handlers here; at boot every job name of QUEUES must have exactly one
 * handler, or the worker stops with a message naming what is missing (Immich's fail-fast pattern).
 */
@Injectable()
export class JobHandlerRegistry implements OnApplicationBootstrap {
  private readonly handlers = new Map<string, JobHandler>();
  private readonly problems: string[] = [];

  register(queue: QueueName, handlers: Record<string, JobHandler>): void {
    for (const [name, handler] of Object.entries(handlers)) {
      const key = `${queue}/${name}`;
      if (!(QUEUES[queue] as readonly string[]).includes(name))
        this.problems.push(`${key} is not in QUEUES (src/core/queue/queue.catalogue.ts)`);
      if (this.handlers.has(key)) this.problems.push(`${key} has two handlers`);
      this.handlers.set(key, handler);
    }
  }

  handlerFor(queue: QueueName, name: string): JobHandler {
    const handler = this.handlers.get(`${queue}/${name}`);
    if (!handler) throw new JobRegistrationError(`no handler for job ${queue}/${name}`);
    return handler;
  }

  /** Throws when the registered handlers do not match the catalogue exactly. */
  assertComplete(): void {
    const problems = [...this.problems];
    for (const [queue, names] of Object.entries(QUEUES)) {
      for (const name of names)
        if (!this.handlers.has(`${queue}/${name}`)) problems.push(`${queue}/${name} has no handler`);
    }
    if (problems.length > 0) {
      throw new JobRegistrationError(
        `Job handlers do not match the catalogue: ${problems.join('; ')}. Register each job exactly once.`,
      );
    }
  }

  onApplicationBootstrap(): void {
    this.assertComplete();
  }
}
