// The page loader fetches what the grid shows, one request at a time, nearest first; drops answers for a
// queue no longer shown; keeps old pages on screen through a refresh until their replacements arrive; and
// reads ahead only once the first screen has been served.
import { afterEach, beforeEach, describe, expect, it, vi, type Mock } from 'vitest';
import type { Queue } from '../../shared/review';
import type { IpcResult } from '../../shared/errors';
import { PageLoader, type PageLoaderHost } from '../../renderer/src/review/page-loader';
import { pageSize, type Pages } from '../../renderer/src/review/pages';
import { fakeCore, item, ok, refused, settle } from './support';

interface Request {
  offset: number;
  answer(result: IpcResult<{ total: number; items: ReturnType<typeof item>[] }>): void;
}

let requests: Request[];
let state: { queue: Queue; generation: number; total: number | null; pages: Pages };
let host: PageLoaderHost & {
  fail: Mock<(error: unknown) => void>;
  firstScreenShown: Mock<() => void>;
};

function page(p: number, tag = 'v1') {
  return Array.from({ length: pageSize }, (_, i) => item(`${tag}-${p * pageSize + i}`));
}

/** Answers the oldest open request with its page of a queue of `total` items. */
async function answerNext(total: number, tag = 'v1'): Promise<number> {
  const request = requests.shift();
  if (!request) throw new Error('No request is waiting.');
  request.answer(ok({ total, items: page(request.offset / pageSize, tag) }));
  await settle();
  return request.offset / pageSize;
}

beforeEach(() => {
  vi.useFakeTimers();
  requests = [];
  const core = fakeCore();
  core.answer(
    'review.items',
    ({ offset }) =>
      new Promise((resolve) => {
        requests.push({ offset, answer: resolve });
      }),
  );
  state = { queue: 'all', generation: 1, total: null, pages: new Map() };
  host = {
    snapshot: () => state,
    receive: (pages, total) => {
      state = { ...state, pages, total };
    },
    fail: vi.fn<(error: unknown) => void>(),
    firstScreenShown: vi.fn<() => void>(),
  };
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('PageLoader', () => {
  it('fetches the first page of a new queue, then the pages in view one at a time', async () => {
    const loader = new PageLoader(host);
    loader.reset();
    loader.load();
    expect(requests.map((r) => r.offset)).toEqual([0]);
    loader.view(0, 3 * pageSize - 1);
    expect(requests).toHaveLength(1);
    expect(await answerNext(10 * pageSize)).toBe(0);
    expect(state.total).toBe(10 * pageSize);
    expect(await answerNext(10 * pageSize)).toBe(1);
    expect(await answerNext(10 * pageSize)).toBe(2);
    expect(requests).toHaveLength(0);
    expect([...state.pages.keys()].sort()).toEqual([0, 1, 2]);
  });

  it('reads ahead one page either side only after the first screen was served', async () => {
    const loader = new PageLoader(host);
    loader.reset();
    loader.view(2 * pageSize, 3 * pageSize - 1);
    expect(await answerNext(10 * pageSize)).toBe(2);
    expect(requests).toHaveLength(0);
    expect(host.firstScreenShown).not.toHaveBeenCalled();
    vi.advanceTimersByTime(300);
    expect(host.firstScreenShown).toHaveBeenCalledTimes(1);
    expect(await answerNext(10 * pageSize)).toBe(3);
    expect(await answerNext(10 * pageSize)).toBe(1);
    expect(requests).toHaveLength(0);
  });

  it('never asks for a page past the end of the queue', async () => {
    const loader = new PageLoader(host);
    loader.reset();
    loader.view(0, 5 * pageSize);
    await answerNext(pageSize + 1);
    expect(await answerNext(pageSize + 1)).toBe(1);
    expect(requests).toHaveLength(0);
  });

  it('drops an answer for a queue that is no longer shown, and its failure too', async () => {
    const loader = new PageLoader(host);
    loader.reset();
    loader.load();
    state = { ...state, generation: 2 };
    await answerNext(pageSize);
    expect(state.total).toBeNull();
    expect(state.pages.size).toBe(0);

    loader.reset();
    loader.load();
    state = { ...state, generation: 3 };
    requests.shift()?.answer(refused('INTERNAL', 'Gone.'));
    await settle();
    expect(host.fail).not.toHaveBeenCalled();
  });

  it('reports a failure for the queue shown', async () => {
    const loader = new PageLoader(host);
    loader.reset();
    loader.load();
    requests.shift()?.answer(refused('INTERNAL', 'The vault is busy.'));
    await settle();
    expect(host.fail).toHaveBeenCalledTimes(1);
  });

  it('keeps the old pages on screen through a refresh until every page in view is replaced', async () => {
    const loader = new PageLoader(host);
    loader.reset();
    loader.view(0, 2 * pageSize - 1);
    await answerNext(10 * pageSize);
    await answerNext(10 * pageSize);
    state = { ...state, generation: 2 };
    loader.refresh();
    await answerNext(10 * pageSize, 'v2');
    expect(state.pages.get(0)?.[0]?.id).toBe('v2-0');
    expect(state.pages.get(1)?.[0]?.id).toBe('v1-' + pageSize);
    await answerNext(10 * pageSize, 'v2');
    expect(state.pages.get(1)?.[0]?.id).toBe('v2-' + pageSize);
  });
});
