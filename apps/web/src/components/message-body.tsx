import type { ReactNode } from 'react';

// Bold, inline code and web addresses: the Markdown people actually use in a chat message.
const TOKEN = /(\*\*[^*\n]+\*\*|`[^`\n]+`|https?:\/\/[^\s<>"')\]]+)/g;

/**
 * A message as people wrote it, turned into React elements (never into HTML): line breaks kept,
 * **bold** and `code` shown as such, web addresses as links.
 */
export function MessageBody({ text }: { text: string }) {
  const parts: ReactNode[] = text.split(TOKEN).map((part, index) => {
    if (index % 2 === 0) return part;
    if (part.startsWith('**')) return <strong key={index}>{part.slice(2, -2)}</strong>;
    if (part.startsWith('`')) return <code key={index}>{part.slice(1, -1)}</code>;
    return (
      <a key={index} href={part} rel="nofollow noopener noreferrer" target="_blank">
        {part}
      </a>
    );
  });
  return <div className="message-body">{parts}</div>;
}
