import MarkdownIt from 'markdown-it';

const SAFE_LINK = /^(https?:\/\/|mailto:|#|\/(?!\/))/i;

/**
 * Markdown → HTML for message bodies. Raw HTML is escaped, not passed through (`html: false`), an
 * image is shown as a link to it (never loaded: no tracking pixels), as the web client shows it, and
 * only http(s), mailto and same-site links survive; everything else (javascript:, data:, vbscript:,
 * protocol-relative) is left as plain text.
 */
const markdown = new MarkdownIt({ html: false, linkify: true, breaks: true, typographer: false });
markdown.validateLink = (url: string) => SAFE_LINK.test(url.trim());
// Bare addresses are links only with their scheme (https://…, mailto:…), as the web client reads them:
// not "example.org" or "a@b.org".
markdown.linkify.set({ fuzzyLink: false, fuzzyEmail: false });
markdown.renderer.rules.image = (tokens, index) => {
  const image = tokens[index];
  const src = image.attrGet('src') ?? '';
  const text = markdown.utils.escapeHtml(image.content || src);
  // Inside a link already (a linked image), or pointing nowhere: its description alone.
  let depth = 0;
  for (const token of tokens.slice(0, index))
    depth += token.type === 'link_open' ? 1 : token.type === 'link_close' ? -1 : 0;
  if (depth > 0 || !src) return text;
  return `<a href="${markdown.utils.escapeHtml(src)}" rel="nofollow noopener noreferrer" target="_blank">${text}</a>`;
};

const defaultLinkOpen =
  markdown.renderer.rules.link_open ??
  ((tokens, index, options, _env, self) => self.renderToken(tokens, index, options));
markdown.renderer.rules.link_open = (tokens, index, options, env, self) => {
  tokens[index].attrSet('rel', 'nofollow noopener noreferrer');
  tokens[index].attrSet('target', '_blank');
  return defaultLinkOpen(tokens, index, options, env, self);
};

export function renderMessageBody(body: string): string {
  return markdown.render(body);
}
