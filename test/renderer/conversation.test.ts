// The conversation view renders a transcript's text as text and its attachments as blurred case tiles.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Conversation } from '../../renderer/src/report/Conversation';
import { example } from '../support/transcript';

beforeEach(() => {
  vi.stubGlobal('location', { protocol: 'http:' });
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('conversation view', () => {
  it('render message text as text, attachments as blurred thumbnails of case items, and missing ones as a note', () => {
    const html = renderToStaticMarkup(
      createElement(Conversation, { transcript: example, attachments: { 'media/photo-1.jpg': 'item-1' } }),
    );
    expect(html).toContain('hello, &lt;b&gt;are you&lt;/b&gt; there?');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('src="/media/thumbnail/item-1"');
    expect(html).not.toMatch(/media\/(clear|preview)\//);
    expect(html).toContain('media/not-in-case.jpg: not among the case&#x27;s files');
    expect(html).toContain('3 messages');
  });
});
