import { messageTokens } from '../message-tokens';

/**
 * A message as people wrote it, turned into React elements (never into HTML): line breaks kept,
 * **bold** and `code` shown as such, links and web addresses as links (see messageTokens).
 */
export function MessageBody({ text }: { text: string }) {
  return (
    <div className="message-body" dir="auto">
      {messageTokens(text).map((token, index) =>
        token.kind === 'strong' ? (
          <strong key={index}>{token.text}</strong>
        ) : token.kind === 'code' ? (
          <code key={index}>{token.text}</code>
        ) : token.kind === 'link' ? (
          <a key={index} href={token.href} rel="nofollow noopener noreferrer" target="_blank">
            {token.text}
          </a>
        ) : (
          token.text
        ),
      )}
    </div>
  );
}
