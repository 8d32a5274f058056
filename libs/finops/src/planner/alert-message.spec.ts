import { describe, expect, it } from 'vitest';
import { alertSlackMessage, escapeSlackText } from './alert-message';

describe('alertSlackMessage', () => {
  it('shows a model name with mention or link syntax as text, never as a mention or a link', () => {
    const message = alertSlackMessage({
      team: 'search',
      kind: 'spend-spike',
      subject: '<!channel> <https://evil.example|gpt-4o>',
      transition: 'fired',
      runDate: '2026-11-30',
      message: 'model <!here> & <https://evil.example|x> doubled',
      value: 2,
      threshold: 1,
    });
    const all = JSON.stringify(message);
    expect(all).not.toContain('<!channel>');
    expect(all).not.toContain('<!here>');
    expect(all).not.toContain('<https://evil');
    expect(message.text).toContain('&lt;!channel&gt;');
    expect(message.text).toContain('&amp;');
    expect(escapeSlackText('a<b>&c')).toBe('a&lt;b&gt;&amp;c');
  });
});
