// The `custody` command line: the same core as the workstation, for automation, counsel, and recipients
// who only need to verify. Each command lives in commands/ and is listed here.
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
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.err(`custody: unknown command "${name}". Run \`custody --help\` for the list.`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(`usage: ${command.usage}\n\n${command.summary}`);
    return 0;
  }
  return runCommand(command, rest, io);
}
