import { learningSteps, type LearningRun } from '../../contract';
import { parseFlags, requireString } from '../args';
import { openSession } from '../engine-session';
import { printJson, progressPrinter } from '../output';

export const cycleHelp = `adloop cycle --db DIR [--json]

Run the learning cycle once, now: pull Meta and HubSpot, attribute deals, update the sampler's
posteriors, index winners, scan for fatigue, score earlier predictions and propose the day's
budgets into the approval queue. Prints each step's result (with a progress display on a
terminal); --json prints the run. A cycle already running is joined, not started twice.
Exit code 0 when the cycle finished, 1 when it failed or was cancelled.`;

const POLL_MS = 200;

export async function cycleCommand(argv: string[]): Promise<number> {
  const { values } = parseFlags(argv, { db: { type: 'string' }, json: { type: 'boolean' } });
  if (values.help) {
    process.stdout.write(cycleHelp + '\n');
    return 0;
  }
  const db = requireString(values.db, 'db');
  const session = await openSession(db, 'cycle');
  try {
    const client = session.engine.client;
    const { jobId } = await client.call('learning.run', {});
    const show = progressPrinter(!values.json);
    const off = client.on('progress', (p) => {
      if (p.jobId === `job#${jobId}`) show({ ...p, step: `${learningSteps.findIndex((s) => s.id === p.step) + 1}/7 ${p.step}` });
    });
    let state = 'queued';
    try {
      while (state === 'queued' || state === 'running') {
        await new Promise((r) => setTimeout(r, POLL_MS));
        const [job] = (await client.call('jobs.list', { limit: 50 })).filter((j) => j.id === jobId);
        state = job?.state ?? 'failed';
      }
    } finally {
      off();
    }
    const run: LearningRun | undefined = (await client.call('learning.runs', { limit: 20 })).find((r) => r.jobId === jobId);
    if (values.json) printJson(run ?? { jobId, state });
    else if (run) printRun(run);
    else process.stdout.write(`The cycle (job ${jobId}) ended ${state} before it started a run.\n`);
    return state === 'done' ? 0 : 1;
  } finally {
    await session.close();
  }
}

function printRun(run: LearningRun): void {
  process.stdout.write(`\nLearning run #${run.id}: ${run.state}${run.error ? ` — ${run.error}` : ''}\n`);
  run.steps.forEach((s, i) => {
    const counts = Object.entries(s.counts)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
    const time = s.ms === null ? '' : ` (${(s.ms / 1000).toFixed(1)} s)`;
    process.stdout.write(`  ${i + 1}. ${s.label.padEnd(52)} ${s.state}${time}${counts ? `: ${counts}` : ''}\n`);
    for (const n of s.notes) process.stdout.write(`       ${n}\n`);
  });
}
