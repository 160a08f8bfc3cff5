// Entry point of the built `custody` command: runs the CLI and exits with its code.
import { main } from './index';

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
