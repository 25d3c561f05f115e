import type { DataSource, EntityManager } from 'typeorm';
import type { QueueKey } from './routing-queue.repository';

/**
 * One router at a time per queue, across every process: a PostgreSQL session advisory lock held
 * on a dedicated connection while `work` runs (a crashed process's connection closes and frees
 * it). `work` gets that connection and runs every statement on it, so a drain takes exactly one
 * pooled connection (several drains can never starve the pool waiting for a second one). Each
 * assignment commits on its own, so the lock only orders routers; it never holds rows.
 *
 * Within one process, a drain asked for while the same queue is being drained runs once more
 * right after (never in parallel, never dropped): many routing jobs of one queue collapse into
 * a couple of drains instead of queueing up on the lock.
 */
export class QueueLock {
  private readonly running = new Map<string, { rerun: boolean; done: Promise<void> }>();

  constructor(private readonly db: DataSource) {}

  run(key: QueueKey, work: (db: EntityManager) => Promise<void>): Promise<void> {
    const id = `routing:${key.workspaceId}:${key.teamId ?? 'pool'}`;
    const current = this.running.get(id);
    if (current) {
      current.rerun = true;
      return current.done;
    }
    const entry = { rerun: false, done: Promise.resolve() };
    entry.done = (async () => {
      try {
        do {
          entry.rerun = false;
          await this.locked(id, work);
        } while (entry.rerun);
      } finally {
        this.running.delete(id);
      }
    })();
    this.running.set(id, entry);
    return entry.done;
  }

  private async locked(id: string, work: (db: EntityManager) => Promise<void>): Promise<void> {
    const runner = this.db.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [id]);
      try {
        await work(runner.manager);
      } finally {
        await runner.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [id]);
      }
    } finally {
      await runner.release();
    }
  }
}
