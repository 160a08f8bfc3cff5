// The `custody` command line: the same core as the workstation, for automation, counsel, and recipients
// who only need to verify. Each command lives in commands/; this file answers --help and --version from
// the listing alone and loads a command's implementation (and so the core) only to run it.
import { commands } from './commands';
import { processIo, runCommand, type Io } from './io';

declare const __CUSTODY_VERSION__: string | undefined;

function help(io: Io): void {
  io.out('usage: custody <command> [options]\n');
  io.out('commands:');
  const width = Math.max(...commands.map((c) => c.name.length));
  for (const command of commands) io.out(`  ${command.name.padEnd(width)}  ${command.summary}`);
  io.out(
    "\nRun `custody <command> --help` for a command's options. Exit codes: 0 ok, 1 a check failed, 2 bad usage.",
  );
}

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    help(io);
    return name ? 0 : 2;
  }
  if (name === '--version') {
    io.out(typeof __CUSTODY_VERSION__ === 'string' ? __CUSTODY_VERSION__ : 'development');
    return 0;
  }
  const entry = commands.find((c) => c.name === name);
  if (!entry) {
    io.err(`custody: unknown command "${name}". Run \`custody --help\` for the list.`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(`usage: ${entry.usage}\n\n${entry.summary}`);
    return 0;
  }
  // Loading inside run, so a module that fails to load is reported like any other failure of the command.
  const run = async (args: string[], commandIo: Io) => (await entry.load()).run(args, commandIo);
  return runCommand(entry.name, { run }, rest, io);
}
