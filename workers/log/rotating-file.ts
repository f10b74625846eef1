// A size-rotated append-only file: adloop.log → adloop.log.1 → … → adloop.log.N (dropped).
// Synchronous appends keep lines whole and ordered even when the process is killed mid-run.
import fs from 'node:fs';
import path from 'node:path';

export interface RotatingFileOptions {
  dir: string;
  name?: string;
  maxBytes?: number;
  keep?: number;
}

export class RotatingFile {
  readonly file: string;
  private size: number;
  private readonly maxBytes: number;
  private readonly keep: number;

  constructor(opts: RotatingFileOptions) {
    fs.mkdirSync(opts.dir, { recursive: true });
    this.file = path.join(opts.dir, opts.name ?? 'adloop.log');
    this.maxBytes = opts.maxBytes ?? 5 * 1024 * 1024;
    this.keep = opts.keep ?? 5;
    this.size = fs.existsSync(this.file) ? fs.statSync(this.file).size : 0;
  }

  write(line: string): void {
    const bytes = Buffer.byteLength(line);
    if (this.size > 0 && this.size + bytes > this.maxBytes) this.rotate();
    fs.appendFileSync(this.file, line);
    this.size += bytes;
  }

  private rotate(): void {
    // The oldest goes first, then each file moves one place down.
    if (fs.existsSync(`${this.file}.${this.keep}`)) fs.rmSync(`${this.file}.${this.keep}`);
    for (let i = this.keep - 1; i >= 1; i--) {
      const from = `${this.file}.${i}`;
      if (fs.existsSync(from)) fs.renameSync(from, `${this.file}.${i + 1}`);
    }
    if (fs.existsSync(this.file)) fs.renameSync(this.file, `${this.file}.1`);
    this.size = 0;
  }
}
