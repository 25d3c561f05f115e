import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { QueueProducer } from '../queue/queue-producer.service';
import { REDIS } from '../tokens';

type Check = { status: 'ok' } | { status: 'down'; error: string };

export interface ReadinessReport {
  status: 'ok' | 'down';
  checks: { postgres: Check; redis: Check; queues: Check };
}

function within<T>(ms: number, work: Promise<T>): Promise<T> {
  return Promise.race([
    work,
    new Promise<T>((_, reject) =>
      setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref(),
    ),
  ]);
}

async function check(work: () => Promise<unknown>): Promise<Check> {
  try {
    await within(1500, work());
    return { status: 'ok' };
  } catch (e) {
    return { status: 'down', error: (e as Error).message };
  }
}

@Injectable()
export class HealthService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly queues: QueueProducer,
  ) {}

  async readiness(): Promise<ReadinessReport> {
    const [postgres, redis, queues] = await Promise.all([
      check(() => this.db.query('SELECT 1')),
      check(() => this.redis.ping()),
      check(() => this.queues.depths()),
    ]);
    const ok = [postgres, redis, queues].every((c) => c.status === 'ok');
    return { status: ok ? 'ok' : 'down', checks: { postgres, redis, queues } };
  }
}
