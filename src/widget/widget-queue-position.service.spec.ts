import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { WebSocket } from 'ws';
import type { DomainEvent } from '../core/realtime/domain-event';
import type { RealtimeBus } from '../core/realtime/realtime-bus.service';
import type { RoutingQueueRepository } from '../routing/routing-queue.repository';
import type { WidgetSession } from './widget-session';
import { WidgetSocketRegistry } from './widget-socket-registry';
import { QUEUE_REFRESH_MS, type QueuePlace, WidgetQueuePositions } from './widget-queue-position.service';

const WS = 'ws-1';
const manager = { tag: 'entity manager' };
type Places = Map<string, QueuePlace>;

describe('WidgetQueuePositions', () => {
  let registry: WidgetSocketRegistry;
  let queuePositions: jest.Mock<Promise<Places>, [unknown, string, string[]]>;
  let service: WidgetQueuePositions;
  let answer: Places;

  /** A socket of the workspace here, following the conversation, last told `told` ('hello': not ready yet). */
  const session = async (conversationId: string | null, told: QueuePlace | null | 'hello' = null) => {
    const sent: object[] = [];
    const s = {
      ws: { readyState: WebSocket.OPEN, send: (data: string) => sent.push(JSON.parse(data) as object) },
      ip: '127.0.0.1',
      origin: undefined,
      alive: true,
      pushed: new Set<string>(),
      handling: Promise.resolve(),
      integration: { workspaceId: WS },
    } as unknown as WidgetSession;
    registry.open(s);
    await registry.join(s, WS, () => undefined);
    if (conversationId) registry.follow(s, conversationId, null);
    s.queue = told === 'hello' ? undefined : told;
    return { s, sent };
  };

  beforeEach(() => {
    jest.useFakeTimers();
    const bus = { subscribe: async () => async () => undefined } as unknown as RealtimeBus;
    registry = new WidgetSocketRegistry(bus);
    answer = new Map();
    queuePositions = jest.fn<Promise<Places>, [unknown, string, string[]]>(async () => answer);
    service = new WidgetQueuePositions(
      { manager } as unknown as DataSource,
      { queuePositions } as unknown as RoutingQueueRepository,
      registry,
      { warn: jest.fn() } as unknown as Logger,
    );
  });
  afterEach(() => {
    service.onModuleDestroy();
    jest.useRealTimers();
  });

  it('asks once for every following socket of the workspace and tells each its changed place', async () => {
    const a = await session('c-a');
    const aTab = await session('c-a');
    const b = await session('c-b', { position: 1, etaSeconds: 60 });
    const c = await session('c-c', { position: 4, etaSeconds: 600 });
    await session(null); // follows nothing: not asked about
    answer = new Map([
      ['c-a', { position: 2, etaSeconds: 120 }],
      ['c-b', { position: 1, etaSeconds: 60 }], // unchanged: no frame
    ]); // c-c no longer waits

    await service.refreshNow(WS);

    expect(queuePositions).toHaveBeenCalledTimes(1);
    expect(queuePositions).toHaveBeenCalledWith(manager, WS, ['c-a', 'c-b', 'c-c']);
    expect(a.sent).toEqual([{ type: 'queue', position: 2, etaSeconds: 120 }]);
    expect(aTab.sent).toEqual([{ type: 'queue', position: 2, etaSeconds: 120 }]);
    expect(b.sent).toEqual([]);
    expect(c.sent).toEqual([{ type: 'queue', position: null, etaSeconds: null }]);
  });

  it('sends nothing when nothing changed, and nothing to a socket that never waited', async () => {
    const a = await session('c-a', { position: 3, etaSeconds: null });
    const resolved = await session('c-old', null);
    answer = new Map([['c-a', { position: 3, etaSeconds: null }]]);
    await service.refreshNow(WS);
    await service.refreshNow(WS);
    expect(a.sent).toEqual([]);
    expect(resolved.sent).toEqual([]);
  });

  it('tells a new estimate at the same position', async () => {
    const a = await session('c-a', { position: 1, etaSeconds: null });
    answer = new Map([['c-a', { position: 1, etaSeconds: 300 }]]);
    await service.refreshNow(WS);
    expect(a.sent).toEqual([{ type: 'queue', position: 1, etaSeconds: 300 }]);
  });

  it('leaves a socket still saying hello to its ready frame', async () => {
    const hello = await session('c-a', 'hello');
    answer = new Map([['c-a', { position: 1, etaSeconds: 60 }]]);
    await service.refreshNow(WS);
    expect(queuePositions).not.toHaveBeenCalled();
    expect(hello.sent).toEqual([]);
  });

  it('coalesces a burst of queue-moving events into one query per workspace', async () => {
    const a = await session('c-a');
    answer = new Map([['c-a', { position: 5, etaSeconds: 900 }]]);
    for (let i = 0; i < 150; i++)
      service.onEvent({
        type: 'conversation.assigned',
        workspaceId: WS,
        conversationId: `other-${i}`,
        assigneeId: 'agent',
        teamId: null,
      });
    service.onEvent({
      type: 'conversation.status_changed',
      workspaceId: WS,
      conversationId: 'x',
      status: 'resolved',
    });
    service.onEvent({ type: 'agent.status_changed', workspaceId: WS, agentId: 'agent', status: 'accepting' });
    await jest.advanceTimersByTimeAsync(QUEUE_REFRESH_MS);
    expect(queuePositions).toHaveBeenCalledTimes(1);
    expect(a.sent).toEqual([{ type: 'queue', position: 5, etaSeconds: 900 }]);
  });

  it.each<[string, DomainEvent]>([
    [
      'message.created',
      { type: 'message.created', workspaceId: WS, conversationId: 'c', messageId: 'm', seq: 1 },
    ],
    ['conversation.updated', { type: 'conversation.updated', workspaceId: WS, conversationId: 'c' }],
    [
      'widget.config_updated',
      { type: 'widget.config_updated', workspaceId: WS, integrationId: 'i', version: 2 },
    ],
  ])('does not ask after %s', async (_type, event) => {
    await session('c-a');
    service.onEvent(event);
    await jest.advanceTimersByTimeAsync(QUEUE_REFRESH_MS * 4);
    expect(queuePositions).not.toHaveBeenCalled();
  });

  describe('placeOf', () => {
    const conversation = (status: 'queued' | 'open' | 'pending' | 'resolved', assigneeId: string | null) => ({
      id: 'c-a',
      status,
      lastSeq: 1,
      assigneeId,
    });

    it('reads the place of a waiting conversation', async () => {
      answer = new Map([['c-a', { position: 2, etaSeconds: null }]]);
      expect(await service.placeOf(WS, conversation('queued', null))).toEqual({
        position: 2,
        etaSeconds: null,
      });
      expect(queuePositions).toHaveBeenCalledWith(manager, WS, ['c-a']);
    });

    it('is null, without a query, for no conversation or one that does not wait', async () => {
      for (const c of [
        undefined,
        null,
        conversation('open', 'agent'),
        conversation('resolved', null),
        conversation('pending', null),
      ])
        expect(await service.placeOf(WS, c)).toBeNull();
      expect(queuePositions).not.toHaveBeenCalled();
    });

    it('is null when the queue no longer has it', async () => {
      expect(await service.placeOf(WS, conversation('queued', null))).toBeNull();
    });
  });
});
