// A benign example transcript in the documented `custody-transcript/1` shape, with text that looks like
// markup, to check it is shown as text.
import type { Transcript } from '../../shared/transcript';

export const example: Transcript = {
  format: 'custody-transcript/1',
  platform: 'ExampleChat',
  conversationId: 'conv-77',
  participants: [
    { id: 'u-100', screenName: 'sender_one', role: 'reported' },
    { id: 'u-200', displayName: 'Recipient Two', role: 'recipient' },
    { id: 'u-300', role: 'other' },
  ],
  messages: [
    { id: 'm1', sentAt: '2026-11-30T10:00:00Z', senderId: 'u-100', text: 'hello, <b>are you</b> there?' },
    { id: 'm2', sentAt: '2026-11-30T10:05:00+01:00', senderId: 'u-200', text: 'Yes. Who is this?' },
    {
      id: 'm3',
      sentAt: '2026-11-30T11:00:00Z',
      senderId: 'u-100',
      text: '<img src=x onerror=alert(1)> sending the file',
      attachments: ['media/photo-1.jpg', 'media/not-in-case.jpg'],
    },
  ],
};
