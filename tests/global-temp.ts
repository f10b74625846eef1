// One temporary root per test run, removed when the run ends. Every workspace, lock file, log and
// child process a test creates lives under os.tmpdir(); pointing TMPDIR here before the workers
// start (they and their children inherit it) means a run leaves nothing behind — before, each run
// left ~2,000 PGlite folders (hundreds of MB to GB) in the machine's temp folder.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export default function setup(): () => void {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'adloop-test-run-'));
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = root;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    if (process.env.ADLOOP_KEEP_TEST_TMP) {
      process.stderr.write(`test files kept in ${root} (ADLOOP_KEEP_TEST_TMP)\n`);
      return;
    }
    fs.rmSync(root, { recursive: true, force: true });
  };
}
