import MarkdownIt from 'markdown-it';

const markdown = new MarkdownIt({ html: false });

/**
 * The words of a Markdown text without its syntax ("**after the harvest**" → "after the harvest"), so
 * that snippets read as prose. Link texts stay, their addresses go; blocks end up one per line.
 */
export function markdownToText(source: string | null | undefined): string {
  if (!source) return '';
  const lines: string[] = [];
  for (const token of markdown.parse(source, {})) {
    if (token.type === 'inline')
      lines.push(
        (token.children ?? [])
          .map((child) =>
            // An image keeps its description, as a link keeps its text.
            child.type === 'text' || child.type === 'code_inline' || child.type === 'image'
              ? child.content
              : child.type === 'softbreak' || child.type === 'hardbreak'
                ? ' '
                : '',
          )
          .join(''),
      );
    else if (token.type === 'code_block' || token.type === 'fence') lines.push(token.content.trimEnd());
  }
  return lines.filter(Boolean).join('\n');
}
