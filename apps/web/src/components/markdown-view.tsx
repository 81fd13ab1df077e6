import type { ReactNode } from 'react';
import { isSafeLinkTarget, MARKDOWN_INLINE } from '../safe-links';

function inline(text: string, keyPrefix: string): ReactNode[] {
  return text.split(MARKDOWN_INLINE).map((part, index) => {
    const key = `${keyPrefix}-${index}`;
    if (index % 2 === 0) return part;
    if (part.startsWith('**')) return <strong key={key}>{part.slice(2, -2)}</strong>;
    if (part.startsWith('`')) return <code key={key}>{part.slice(1, -1)}</code>;
    if (part.startsWith('[')) {
      const match = /^\[([^\]]+)\]\(([^)]+)\)$/.exec(part);
      // Only http(s), mailto and paths on this site (`//host` would be another site) become links.
      if (!match || !isSafeLinkTarget(match[2])) return part;
      return (
        <a key={key} href={match[2]} rel="noopener noreferrer">
          {match[1]}
        </a>
      );
    }
    return <em key={key}>{part.slice(1, -1)}</em>;
  });
}

/**
 * Markdown from content authors as React elements: headings, paragraphs, lists, emphasis, code and
 * http(s), mailto and same-site links. Anything else stays text; nothing is ever passed through as HTML.
 */
export function MarkdownView({ source, lang }: { source: string; lang?: string }) {
  const blocks = source.replace(/\r\n/g, '\n').split(/\n{2,}/);
  return (
    <div className="prose-md" lang={lang}>
      {blocks.map((block, index) => {
        const lines = block.split('\n').filter((line) => line.trim() !== '');
        if (lines.length === 0) return null;
        const heading = /^(#{1,4})\s+(.*)$/.exec(lines[0]);
        if (heading && lines.length === 1) {
          // Content headings sit below the page's own h1/h2.
          const level = Math.min(heading[1].length + 2, 6);
          const Tag = `h${level}` as 'h3';
          return <Tag key={index}>{inline(heading[2], `h${index}`)}</Tag>;
        }
        if (lines.every((line) => /^\s*[-*]\s+/.test(line))) {
          return (
            <ul key={index}>
              {lines.map((line, item) => (
                <li key={item}>{inline(line.replace(/^\s*[-*]\s+/, ''), `l${index}-${item}`)}</li>
              ))}
            </ul>
          );
        }
        if (lines.every((line) => /^\s*\d+[.)]\s+/.test(line))) {
          return (
            <ol key={index}>
              {lines.map((line, item) => (
                <li key={item}>{inline(line.replace(/^\s*\d+[.)]\s+/, ''), `o${index}-${item}`)}</li>
              ))}
            </ol>
          );
        }
        return <p key={index}>{inline(lines.join(' '), `p${index}`)}</p>;
      })}
    </div>
  );
}
