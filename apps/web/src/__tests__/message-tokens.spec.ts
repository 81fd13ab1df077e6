import { messageTokens } from '../message-tokens';

describe('a chat message as the page shows it', () => {
  it('shows bold, code and links, and keeps everything else as text', () => {
    expect(messageTokens('Meet **Thursday**, run `npm start`, see https://example.org/a?b=1.')).toEqual([
      { kind: 'text', text: 'Meet ' },
      { kind: 'strong', text: 'Thursday' },
      { kind: 'text', text: ', run ' },
      { kind: 'code', text: 'npm start' },
      { kind: 'text', text: ', see ' },
      { kind: 'link', text: 'https://example.org/a?b=1', href: 'https://example.org/a?b=1' },
      { kind: 'text', text: '.' },
    ]);
  });

  it('links Markdown links by their text, addresses without https://, and images as links', () => {
    expect(messageTokens('the [report](https://example.org/r) and www.example.org!')).toEqual([
      { kind: 'text', text: 'the ' },
      { kind: 'link', text: 'report', href: 'https://example.org/r' },
      { kind: 'text', text: ' and ' },
      { kind: 'link', text: 'www.example.org', href: 'https://www.example.org' },
      { kind: 'text', text: '!' },
    ]);
    expect(messageTokens('![map](https://example.org/m.png)')).toEqual([
      { kind: 'link', text: 'map', href: 'https://example.org/m.png' },
    ]);
  });

  it('never makes a link of anything but a web address', () => {
    expect(messageTokens('[click](javascript:alert(1)) <b>x</b> data:text/html,hi')).toEqual([
      { kind: 'text', text: '[click](javascript:alert(1)) <b>x</b> data:text/html,hi' },
    ]);
  });
});
