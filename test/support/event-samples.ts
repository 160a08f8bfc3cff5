// A valid contract event payload for tests: pure data, so the renderer's tests (DOM types) and the core's
// (Node types) can share it.
import type { EventPayload } from '../../shared/contract';

export const submissionProgress: EventPayload<'submission.progress'> = {
  id: 'sub-1',
  caseId: 'case-1',
  endpoint: 'http://127.0.0.1:9/ispws',
  state: 'opened',
  reportId: 4242,
  submitAttempts: 1,
  openedAt: '2026-01-02T03:04:05.000Z',
  finishedAt: null,
  expiresAt: null,
  error: null,
  files: [
    {
      position: 0,
      itemId: 'item-1',
      fileName: 'one.png',
      md5: 'd41d8cd98f00b204e9800998ecf8427e',
      state: 'uploading',
      fileId: null,
      ncmecMd5: null,
    },
  ],
};
