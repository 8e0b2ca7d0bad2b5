/**
 * Renders campaign stories and updates from Markdown to HTML that is safe to inject, on the
 * server for public pages and in the browser for the editor's live preview.
 * Raw HTML in the source is escaped (never passed through), links may only be http(s), mailto
 * or site-relative and get rel="noopener nofollow", and images are not rendered at all: a story
 * must not load anything from a third party (no tracking pixels; CSP allows only our origin).
 */
import MarkdownIt from 'markdown-it'

const SAFE_LINK = /^(https?:\/\/|mailto:|\/(?!\/)|#)/i

const markdown = new MarkdownIt({ html: false, linkify: false, typographer: true })
markdown.disable(['image'])
markdown.validateLink = (url) => SAFE_LINK.test(url.trim())

const renderToken = markdown.renderer.renderToken.bind(markdown.renderer)
markdown.renderer.rules.link_open = (tokens, index, options) => {
  const token = tokens[index]
  if (token) token.attrSet('rel', 'noopener nofollow')
  return renderToken(tokens, index, options)
}

export function renderMarkdown(source: string): string {
  return markdown.render(source)
}

/** Plain text of a Markdown source, e.g. for meta descriptions. */
export function markdownToText(source: string): string {
  return markdown
    .render(source)
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim()
}
