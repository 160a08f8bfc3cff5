// Says loudly, once per run, whether the Electron variant of the end-to-end tests runs.
import { electronDist } from './fixtures';

export default function globalSetup(): void {
  const dist = electronDist();
  const line = '='.repeat(78);
  if (dist) {
    console.log(`${line}\nElectron variant: running against ${dist}\n${line}`);
  } else {
    console.log(
      `${line}\nELECTRON VARIANT SKIPPED: ELECTRON_OVERRIDE_DIST_PATH is not set, so the end-to-end tests ran only\n` +
        `in Chromium against the loopback harness. Point it at an unpacked Electron build to run them in Electron.\n${line}`,
    );
  }
}
