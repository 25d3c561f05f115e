'use strict';
// Child of run.js: the visitors. Boots widget visitors over HTTP, opens their websockets to
// /widget/ws (raw `ws` clients, one per visitor, like the baseline's ws-clients.js), says hello,
// sends each visitor's first message, and timestamps (CLOCK_MONOTONIC, shared by the processes of
// this machine) every agent message that reaches a socket. It runs in its own process so that the
// visitors' CPU is neither in the hub's process nor in the load generator's.
//
// Agent messages carry their own send time: text `wbm:<seq>:<socket index>:<send µs>`. Frames are
// recognised by their first bytes (the hub writes `{"type":"…"`) and only acks are JSON-parsed; a
// `message` frame is parsed just far enough to read that text and its status.
//
// IPC (parent -> child, each answered with a message of the same `type` plus `-done`):
//   {type:'boot', group, n, inflight}        POST /widget/api/:id/boot for n new visitors
//   {type:'connect', group, inflight}        open a websocket per booted visitor, hello, wait `ready`
//   {type:'first-message', group, inflight}  each ready visitor writes once, waits for the `ack`
//   {type:'count'}                           counters (frames by type, errors, close codes, marks)
//   {type:'take'}                            every agent-message receipt since the last take
//   {type:'close', group}                    closes the group's sockets, waits until all are closed
//   {type:'mem'}                             this process's memory after a GC

const crypto = require('node:crypto');
const http = require('node:http');
const IORedis = require('ioredis');
const WebSocket = require('ws');
const { nowUs, summarize, round } = require('../lib/common');

const PORT = Number(process.env.SB_PORT);
const INTEGRATION_ID = process.env.SB_INTEGRATION_ID;
const ORIGIN = process.env.SB_ORIGIN;
const TIMEOUT_MS = Number(process.env.SB_CLIENT_TIMEOUT_MS || 30000);
const deadline = setTimeout(() => process.exit(3), Number(process.env.SB_CHILD_DEADLINE_S || 1800) * 1000);
deadline.unref();
process.on('disconnect', () => process.exit(0));

const groups = new Map(); // name -> { visitors: [{ token }], socks: [] }
const counts = {
  frames: {},
  errorCodes: {},
  closeCodes: {},
  socketErrors: 0,
  marks: 0,
  misrouted: 0,
  otherMessageFrames: 0,
  assignedSockets: 0,
};
let marks = []; // flat: seq, socketIndex, sendUs, recvUs, status (0 null, 1 pending, 2 sent, 3 delivered, 4 read, 5 other)
const STATUS = { null: 0, '"pending"': 1, '"sent"': 2, '"delivered"': 3, '"read"': 4 };
const MARK = '"text":"wbm:';
const STATUS_KEY = '"status":';
let nextIndex = 0; // socket index, unique across groups

// The hub's realtime bus (Redis pub/sub, the channel the api process listens to): when each
// message.created / message.updated event was published, to split the delivery latency into its
// hops. Recorded flat: messageId, kind (1 created, 2 updated), receive µs.
let bus = [];
let busReady = Promise.resolve();
if (process.env.SB_BUS_CHANNEL) {
  const sub = new IORedis(process.env.SB_REDIS_URL, { enableReadyCheck: false, maxRetriesPerRequest: 2 });
  sub.on('error', () => undefined);
  sub.on('message', (_channel, text) => {
    const t = nowUs();
    if (!text.includes('"message.')) return;
    for (const e of JSON.parse(text))
      if (e.type === 'message.created' || e.type === 'message.updated')
        bus.push(e.messageId, e.type === 'message.created' ? 1 : 2, t);
  });
  busReady = sub.subscribe(process.env.SB_BUS_CHANNEL);
  process.on('exit', () => sub.disconnect());
}

function group(name) {
  let g = groups.get(name);
  if (!g) groups.set(name, (g = { visitors: [], socks: [] }));
  return g;
}

const typeOf = (s) => {
  // '{"type":"message",…' -> 'message'
  if (!s.startsWith('{"type":"')) return '?';
  return s.slice(9, s.indexOf('"', 9));
};

function onFrame(sock, data) {
  const t = nowUs();
  const s = data.toString();
  const type = typeOf(s);
  counts.frames[type] = (counts.frames[type] || 0) + 1;
  if (type === 'message') {
    const i = s.indexOf(MARK);
    if (i < 0) {
      counts.otherMessageFrames++;
      return;
    }
    const j = s.indexOf('"', i + MARK.length);
    const [seq, idx, sendUs] = s
      .slice(i + MARK.length, j)
      .split(':')
      .map(Number);
    const k = s.lastIndexOf(STATUS_KEY);
    const raw = k < 0 ? 'null' : s.slice(k + STATUS_KEY.length, s.indexOf('}', k));
    const status = STATUS[raw] ?? 5;
    if (idx !== sock.index) counts.misrouted++;
    marks.push(seq, idx, sendUs, t, status);
    counts.marks++;
    return;
  }
  if (type === 'ready') return settle(sock, 'ready', { ok: true, t });
  if (type === 'ack') {
    const f = JSON.parse(s);
    sock.conversationId = f.message && f.message.conversationId;
    return settle(sock, 'ack', { ok: true, t });
  }
  if (type === 'conversation') {
    if (!sock.assigned && s.includes('"agent":{')) {
      sock.assigned = true;
      counts.assignedSockets++;
    }
    return;
  }
  if (type === 'error') {
    const f = JSON.parse(s);
    counts.errorCodes[f.code] = (counts.errorCodes[f.code] || 0) + 1;
    return settle(sock, 'ack', { ok: false, error: `error ${f.code}: ${f.message}` });
  }
}

function settle(sock, type, result) {
  const w = sock.waiter;
  if (!w || w.type !== type) return;
  sock.waiter = null;
  clearTimeout(w.timer);
  w.resolve(result);
}

function waitFrame(sock, type) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      sock.waiter = null;
      resolve({ ok: false, error: `no ${type} within ${TIMEOUT_MS} ms` });
    }, TIMEOUT_MS);
    sock.waiter = { type, resolve, timer };
  });
}

/** Runs task(i) for i in [0, total) with at most `inflight` at once. */
async function pool(total, inflight, task) {
  let next = 0;
  const lane = async () => {
    while (next < total) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(inflight, total) }, lane));
}

const countErr = (errors, key) => (errors[key] = (errors[key] || 0) + 1);

/** How long a step took since `t0` and its rate for `done` visitors, as every step reports them. */
function timing(done, t0) {
  const secs = (nowUs() - t0) / 1e6;
  return { secs: round(secs, 2), per_s: round(done / secs, 0) };
}

// ---------------------------------------------------------------------------------------------

async function boot({ group: name, n, inflight }) {
  const g = group(name);
  const agent = new http.Agent({ keepAlive: true, maxSockets: inflight, maxFreeSockets: inflight });
  const body = JSON.stringify({
    page: { url: 'https://shop.example.com/pricing', title: 'Pricing' },
    locale: 'en-GB',
  });
  const errors = {};
  const lat = [];
  const t0 = nowUs();
  await pool(n, inflight, async () => {
    const s0 = nowUs();
    const r = await new Promise((resolve) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port: PORT,
          method: 'POST',
          path: `/widget/api/${INTEGRATION_ID}/boot`,
          agent,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            origin: ORIGIN,
            'user-agent': 'Mozilla/5.0 (bench/widget)',
          },
        },
        (res) => {
          const chunks = [];
          res.on('data', (d) => chunks.push(d));
          res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString() }));
          res.on('error', () => resolve({ status: 0 }));
        },
      );
      req.setTimeout(TIMEOUT_MS, () => req.destroy(new Error('timeout')));
      req.on('error', () => resolve({ status: 0 }));
      req.end(body);
    });
    if (r.status === 200) {
      lat.push((nowUs() - s0) / 1000);
      g.visitors.push({ token: JSON.parse(r.text).visitorToken });
    } else countErr(errors, `HTTP ${r.status}${r.text ? ` ${r.text.slice(0, 80)}` : ''}`);
  });
  agent.destroy();
  return { ok: lat.length, errors, ...timing(lat.length, t0), ms: summarize(lat) };
}

async function connect({ group: name, inflight }) {
  const g = group(name);
  const errors = {};
  const openMs = [];
  const readyMs = [];
  const t0 = nowUs();
  const url = `ws://127.0.0.1:${PORT}/widget/ws`;
  await pool(g.visitors.length, inflight, async (v) => {
    const visitor = g.visitors[v];
    const s0 = nowUs();
    const sock = { index: nextIndex++, ws: null, waiter: null, conversationId: null, assigned: false };
    const ws = new WebSocket(url, { origin: ORIGIN, perMessageDeflate: false, handshakeTimeout: TIMEOUT_MS });
    sock.ws = ws;
    ws.on('message', (data) => onFrame(sock, data));
    ws.on('close', (code) => {
      sock.closed = true;
      counts.closeCodes[code] = (counts.closeCodes[code] || 0) + 1;
      settle(sock, sock.waiter ? sock.waiter.type : '', { ok: false, error: `closed ${code}` });
      if (sock.onClosed) sock.onClosed();
    });
    const opened = await new Promise((resolve) => {
      ws.once('open', () => resolve(true));
      ws.on('error', (e) => {
        counts.socketErrors++;
        resolve(e.message);
      });
    });
    if (opened !== true) return countErr(errors, `open: ${opened}`);
    const s1 = nowUs();
    openMs.push((s1 - s0) / 1000);
    const ready = waitFrame(sock, 'ready');
    ws.send(JSON.stringify({ type: 'hello', integrationId: INTEGRATION_ID, token: visitor.token }));
    const r = await ready;
    if (!r.ok) {
      countErr(errors, `hello: ${r.error}`);
      ws.terminate();
      return;
    }
    readyMs.push((r.t - s1) / 1000);
    g.socks.push(sock);
  });
  return {
    ready: g.socks.length,
    errors,
    ...timing(g.socks.length, t0),
    open_ms: summarize(openMs),
    hello_to_ready_ms: summarize(readyMs),
  };
}

async function firstMessage({ group: name, inflight }) {
  const g = group(name);
  const errors = {};
  const lat = [];
  const t0 = nowUs();
  await pool(g.socks.length, inflight, async (k) => {
    const sock = g.socks[k];
    if (sock.closed) return countErr(errors, 'socket closed before its first message');
    const s0 = nowUs();
    const acked = waitFrame(sock, 'ack');
    sock.ws.send(
      JSON.stringify({
        type: 'message',
        clientMessageId: crypto.randomUUID(),
        text: 'Hello! I ordered a blue kettle last week and the tracking page still says label created.',
      }),
    );
    const r = await acked;
    if (r.ok && sock.conversationId) lat.push((r.t - s0) / 1000);
    else countErr(errors, r.error || 'ack without conversation');
  });
  return {
    ok: lat.length,
    errors,
    ...timing(lat.length, t0),
    ack_ms: summarize(lat),
    // socket index -> conversation, for the agent's messages
    conversations: g.socks
      .filter((s) => s.conversationId && !s.closed)
      .map((s) => [s.index, s.conversationId]),
  };
}

async function close({ group: name }) {
  const g = group(name);
  const open = g.socks.filter((s) => !s.closed);
  await Promise.race([
    Promise.all(
      open.map(
        (s) =>
          new Promise((resolve) => {
            s.onClosed = resolve;
            s.ws.close(1000, 'bye');
          }),
      ),
    ),
    new Promise((resolve) => setTimeout(resolve, TIMEOUT_MS)),
  ]);
  let terminated = 0;
  for (const s of g.socks)
    if (!s.closed) {
      s.ws.terminate();
      terminated++;
    }
  groups.delete(name);
  return { closed: open.length - terminated, terminated };
}

const handlers = {
  boot,
  connect,
  'first-message': firstMessage,
  close,
  count: async () => ({
    ...counts,
    assignedByGroup: Object.fromEntries(
      [...groups].map(([name, g]) => [
        name,
        { sockets: g.socks.length, assigned: g.socks.filter((x) => x.assigned).length },
      ]),
    ),
  }),
  take: async () => {
    const out = { marks, bus };
    marks = [];
    bus = [];
    return out;
  },
  mem: async () => {
    if (globalThis.gc) globalThis.gc();
    const m = process.memoryUsage();
    return { rss: m.rss, heapUsed: m.heapUsed, cpu: process.cpuUsage() };
  },
};

process.on('message', (m) => {
  const h = handlers[m.type];
  if (!h) return process.send({ type: `${m.type}-done`, error: `unknown command ${m.type}` });
  h(m).then(
    (r) => process.send({ type: `${m.type}-done`, ...r }),
    (e) => process.send({ type: `${m.type}-done`, error: String((e && e.stack) || e) }),
  );
});
busReady.then(
  () => process.send({ type: 'ready' }),
  (e) => process.send({ type: 'ready', error: `bus subscription: ${e.message}` }),
);
