import type { JobName, QueueName } from '../queue/queue.catalogue';
import type { DomainEvent } from '../realtime/domain-event';

/** What an outbox row asks the relay to do: enqueue a job, or publish a domain event. */
export type OutboxPayload =
  | {
      kind: 'job';
      queue: QueueName;
      name: JobName;
      data: { workspaceId: string } & Record<string, unknown>;
    }
  | { kind: 'event'; event: DomainEvent };
