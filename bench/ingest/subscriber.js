'use strict';
// Child of run.js: one agent console. Opens a graphql-ws subscription to `workspaceEvents` (graphql-ws
// client over `ws`, token in connectionParams) and records, per event, the CLOCK_MONOTONIC receive
// time. It runs in its own process so that the load generator's work does not delay receipts.
// IPC: {type:'count'} -> counts; {type:'take'} -> every receipt since the last take, then forgets them.

const { createClient } = require('graphql-ws');
const WebSocket = require('ws');
const { nowUs } = require('../lib/common');

const url = process.env.SB_WS_URL;
const token = process.env.SB_TOKEN;
const deadline = setTimeout(() => process.exit(3), Number(process.env.SB_CHILD_DEADLINE_S || 1800) * 1000);
deadline.unref();
process.on('disconnect', () => process.exit(0));

let created = []; // [messageId, recvUs]
let assigned = []; // [conversationId, recvUs]
const totals = { created: 0, assigned: 0, other: 0, errors: 0 };
let lastError = null;

const client = createClient({
  url,
  webSocketImpl: WebSocket,
  connectionParams: { authorization: `Bearer ${token}` },
  retryAttempts: 0,
  lazy: false,
  onNonLazyError: (e) => {
    lastError = String(e && (e.reason || e.message || e));
  },
  on: { connected: () => process.send({ type: 'connected' }) },
});

client.subscribe(
  { query: 'subscription { workspaceEvents { type conversationId messageId seq assigneeId } }' },
  {
    next: (result) => {
      const t = nowUs();
      const e = result.data && result.data.workspaceEvents;
      if (!e) {
        totals.errors++;
        lastError = JSON.stringify(result.errors || result).slice(0, 300);
        return;
      }
      if (e.type === 'message.created') {
        totals.created++;
        created.push([e.messageId, t]);
      } else if (e.type === 'conversation.assigned' && e.assigneeId) {
        // An agent got it (an assigned event without an agent is the placement in a queue).
        totals.assigned++;
        assigned.push([e.conversationId, t]);
      } else totals.other++;
    },
    error: (e) => {
      totals.errors++;
      lastError = String((e && (e.reason || e.message)) || JSON.stringify(e)).slice(0, 300);
    },
    complete: () => undefined,
  },
);

process.on('message', (m) => {
  if (m.type === 'count') process.send({ type: 'count', ...totals, lastError });
  else if (m.type === 'take') {
    process.send({ type: 'take', created, assigned });
    created = [];
    assigned = [];
  } else if (m.type === 'close') {
    Promise.resolve(client.dispose()).finally(() => setTimeout(() => process.exit(0), 50));
  }
});
process.send({ type: 'ready' });
