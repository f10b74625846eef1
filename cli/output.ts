// How commands talk to people and to scripts: --json prints exactly one JSON object on stdout;
// progress and chatter go to stderr so stdout stays machine-readable.
import type { EventPayload } from '../contract';

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value) + '\n');
}

export function progressPrinter(enabled: boolean): (p: EventPayload<'progress'>) => void {
  const tty = process.stderr.isTTY === true;
  let last = '';
  return (p) => {
    if (!enabled) return;
    const line = `${p.step} ${p.percent}%${p.message ? ` — ${p.message}` : ''}`;
    if (line === last) return;
    last = line;
    if (tty) {
      const width = 24;
      const filled = Math.round((p.percent / 100) * width);
      process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${line}`.padEnd(78) + (p.percent >= 100 ? '\n' : ''));
    } else if (p.percent % 25 === 0) {
      process.stderr.write(line + '\n');
    }
  };
}
