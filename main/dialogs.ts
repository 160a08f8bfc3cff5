// The workstation's own file dialogs (Electron's, in main): what an analyst chooses to ingest (files or a
// folder) or which case file to import. The chosen paths go to the same core verbs the harness's path
// field reaches; the renderer never browses the disk itself.
import { dialog, type BrowserWindow, type OpenDialogOptions } from 'electron';
import type { PathChooser } from './core';

const choices: Record<Parameters<PathChooser>[0], OpenDialogOptions> = {
  files: { title: 'Choose files to ingest', properties: ['openFile', 'multiSelections'] },
  folder: { title: 'Choose a folder to ingest', properties: ['openDirectory'] },
  caseFile: {
    title: 'Choose a case file to import',
    properties: ['openFile'],
    filters: [{ name: 'Case files', extensions: ['json'] }],
  },
};

/** A chooser showing Electron's open dialog over the window, when there is one. */
export function electronChooser(window: () => BrowserWindow | null): PathChooser {
  return async (kind) => {
    const parent = window();
    const options = choices[kind];
    const result = parent
      ? await dialog.showOpenDialog(parent, options)
      : await dialog.showOpenDialog(options);
    return result.canceled ? [] : result.filePaths;
  };
}
