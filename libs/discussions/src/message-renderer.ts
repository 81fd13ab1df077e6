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
markdown.renderer.rules.image = (tokens, index) => {
  const image = tokens[index];
  const src = image.attrGet('src') ?? '';
  const text = markdown.utils.escapeHtml(image.content || src);
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
