'use strict';
// A lean keep-alive HTTP/1.1 client for load generation: one request at a time per connection,
// the request written as one buffer, the answer parsed just enough to know its status and where it
// ends (content-length or chunked). The load generator shares the machine's two cores with what it
// measures; node:http's client costs about three times what autocannon, the baseline's load
// generator, costs per request (bench/ingest: ~250 against ~90 µs), and that CPU is taken from the
// hub. Only for loopback targets and servers that answer every request (no pipelining, no 1xx).

const net = require('node:net');

const CRLF2 = Buffer.from('\r\n\r\n');

class Connection {
  constructor(host, port, onFree) {
    this.socket = net.connect({ host, port });
    this.socket.setNoDelay(true);
    this.onFree = onFree;
    this.pending = null; // { resolve, buf }
    this.socket.on('data', (chunk) => this.receive(chunk));
    const fail = () => {
      this.dead = true;
      clearTimeout(this.timer);
      const p = this.pending;
      this.pending = null;
      if (p) p.resolve(0);
    };
    this.socket.on('error', fail);
    this.socket.on('close', fail);
  }

  send(request, timeoutMs) {
    return new Promise((resolve) => {
      this.pending = { resolve, buf: null };
      this.timer = setTimeout(() => this.socket.destroy(), timeoutMs);
      this.socket.write(request);
    });
  }

  receive(chunk) {
    const p = this.pending;
    if (!p) return;
    p.buf = p.buf ? Buffer.concat([p.buf, chunk]) : chunk;
    const end = answerEnd(p.buf);
    if (end === undefined) return;
    clearTimeout(this.timer);
    this.pending = null;
    const status = Number(p.buf.toString('latin1', 9, 12));
    if (end.close) this.socket.end();
    p.resolve(status);
    if (!end.close) this.onFree(this);
  }
}

/** Whether `buf` holds a complete answer (undefined while not) and whether the server then closes. */
function answerEnd(buf) {
  const headEnd = buf.indexOf(CRLF2);
  if (headEnd < 0) return undefined;
  const head = buf.toString('latin1', 0, headEnd).toLowerCase();
  const close = /\r\nconnection:\s*close/.test(head);
  const length = /\r\ncontent-length:\s*(\d+)/.exec(head);
  if (length) return buf.length >= headEnd + 4 + Number(length[1]) ? { close } : undefined;
  if (/\r\ntransfer-encoding:\s*chunked/.test(head)) {
    return buf.indexOf('0\r\n\r\n', headEnd + 4) >= 0 ? { close } : undefined;
  }
  return { close }; // no body (204, 304)
}

/**
 * A pool of keep-alive connections to host:port. `request(method, path, headers, body)` resolves with the
 * status (0: connection failed or timed out); concurrent requests use separate connections, up to
 * maxConnections, then wait for a free one.
 */
function createClient({ host = '127.0.0.1', port, maxConnections = 512, timeoutMs = 15000 }) {
  if (host !== '127.0.0.1' && host !== 'localhost') throw new Error('bench http client: loopback only');
  const idle = [];
  const waiting = [];
  const all = new Set();
  const onFree = (conn) => {
    const next = waiting.shift();
    if (next) next(conn);
    else idle.push(conn);
  };
  function acquire() {
    while (idle.length) {
      const conn = idle.pop();
      if (!conn.dead) return Promise.resolve(conn);
    }
    if (all.size < maxConnections) {
      const conn = new Connection(host, port, onFree);
      all.add(conn);
      conn.socket.once('close', () => all.delete(conn));
      return Promise.resolve(conn);
    }
    return new Promise((resolve) => waiting.push(resolve));
  }
  async function request(method, path, headers, body) {
    const conn = await acquire();
    let head = `${method} ${path} HTTP/1.1\r\nhost: ${host}:${port}\r\ncontent-length: ${Buffer.byteLength(body)}\r\n`;
    for (const [k, v] of Object.entries(headers)) head += `${k}: ${v}\r\n`;
    return conn.send(head + '\r\n' + body, timeoutMs);
  }
  return {
    request,
    close() {
      for (const conn of all) conn.socket.destroy();
    },
  };
}

module.exports = { createClient };
