// The outside programs tests cross-check with (xmllint, openssl, certtool…), found as scripts/test-tools.mjs
// finds them. A missing tool fails the test that needs it, naming the command that installs it; never a skip.
import { toolPath, TOOLS } from '../../scripts/test-tools.mjs';

/** The path of `command` (a tool listed in scripts/test-tools.mjs), which must be installed. */
export function requireTool(command: string): string {
  const tool = TOOLS.find((t) => t.command === command);
  if (tool === undefined) throw new Error(`${command} is not a tool listed in scripts/test-tools.mjs.`);
  const path = toolPath(command);
  if (path === null) {
    throw new Error(
      `${command} (Debian package ${tool.package}) is not installed; it ${tool.purpose}. ` +
        'Run `npm run test:tools`: it installs it, or names the command that does.',
    );
  }
  return path;
}
