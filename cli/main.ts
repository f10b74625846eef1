// adloop: the headless host and one-shot commands. Exit codes: 0 success, 2 bad input (one line
// on stderr saying why), 1 any other failure.
import { isAdloopError } from '../contract';
import { allocateCommand, allocateHelp } from './commands/allocate';
import { callCommand, callHelp, methodsCommand } from './commands/call';
import { cycleCommand, cycleHelp } from './commands/cycle';
import { demoCommand, demoHelp } from './commands/demo';
import { scanCommand, scanHelp } from './commands/scan';
import { importCommand, importHelp } from './commands/import';
import { serveCommand, serveHelp } from './commands/serve';
import { gateCommand, gateHelp, winnersCommand, winnersHelp } from './commands/winners';
import { pushCommand, pushHelp } from './commands/push';
import { syncCommand, syncHelp } from './commands/sync';
import { UsageError } from './usage-error';

const HELP = `adloop — Meta ads budget, fatigue and winners, on your own machine

Usage: adloop <command> [options]

Commands:
  serve     run the engine and the interface on 127.0.0.1 (prints a link with a session token)
  demo      fill a workspace with simulated accounts, ads, metrics and deals
  allocate  allocate a total daily budget and propose the changes for approval
  cycle     run the learning cycle now and print each step's result
  scan      scan every ad for creative fatigue and propose remediation for new findings
  winners   search the winner index for creatives similar to an ad or a DNA draft
  gate      the pre-spend gate and battle plan for a creative DNA draft
  sync      pull from Meta and HubSpot into the workspace
  push      push approved changes to Meta (each exactly once)
  import    import an Ads Manager or HubSpot deal CSV export
  call      call one engine method with JSON input
  methods   list the engine methods
  help      show help for a command

Every command takes --help; --json prints machine-readable output.

${serveHelp}

${demoHelp}

${allocateHelp}

${cycleHelp}

${scanHelp}

${winnersHelp}

${gateHelp}

${syncHelp}

${pushHelp}

${importHelp}

${callHelp}
`;

type Command = (argv: string[]) => Promise<number> | number;
const COMMANDS: Record<string, Command> = {
  serve: serveCommand,
  demo: demoCommand,
  allocate: allocateCommand,
  cycle: cycleCommand,
  scan: scanCommand,
  winners: winnersCommand,
  gate: gateCommand,
  sync: syncCommand,
  push: pushCommand,
  import: importCommand,
  call: callCommand,
  methods: methodsCommand,
};

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    const sub = name === 'help' ? rest[0] : undefined;
    if (sub && COMMANDS[sub]) return COMMANDS[sub]!(['--help']);
    process.stdout.write(HELP);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`adloop: unknown command ${JSON.stringify(name)}; run \`adloop help\`\n`);
    return 2;
  }
  try {
    return await command(rest);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`adloop ${name}: ${e.message}\n`);
      return 2;
    }
    if (isAdloopError(e) && e.code === 'InvalidInput') {
      process.stderr.write(`adloop ${name}: ${e.message}\n`);
      return 2;
    }
    const code = isAdloopError(e) ? ` [${e.code}]` : '';
    process.stderr.write(`adloop ${name}: failed${code}: ${(e as Error).message}\n`);
    return 1;
  }
}
