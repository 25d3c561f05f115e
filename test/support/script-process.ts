import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/**
 * Runs `script` (node -e, from the repository root, so it can require its packages) as a process
 * of its own that reports in JSON lines on stdout; `nextLine` reads the next one. A client in
 * another process sees the hub's sockets as a real client does: it reads only what arrived.
 */
export function spawnScript<Line>(
  script: string,
  args: string[],
): { child: ChildProcess; nextLine(): Promise<Line> } {
  const child = spawn(process.execPath, ['-e', script, ...args], {
    cwd: join(__dirname, '..', '..'),
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  return {
    child,
    nextLine: async () => {
      const line = await lines.next();
      if (line.done) throw new Error('the script process exited early');
      return JSON.parse(line.value) as Line;
    },
  };
}
