import { describe, expect, test } from 'vitest'
import { markdownToText, renderMarkdown } from './markdown.ts'

describe('renderMarkdown', () => {
  test('renders headings, emphasis and lists', () => {
    const html = renderMarkdown('## Why\n\nFood **now**.\n\n- rice\n- milk')
    expect(html).toContain('<h2>Why</h2>')
    expect(html).toContain('<strong>now</strong>')
    expect(html).toContain('<li>rice</li>')
  })

  test('escapes raw HTML and script instead of passing it through', () => {
    const html = renderMarkdown('<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>')
    expect(html).not.toMatch(/<script|<img/i)
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
  })

  test('links get rel="noopener nofollow"', () => {
    expect(renderMarkdown('[About us](/about)')).toContain(
      '<a href="/about" rel="noopener nofollow">About us</a>',
    )
    expect(renderMarkdown('[x](https://example.org)')).toContain('rel="noopener nofollow"')
  })

  test('refuses script and data links and protocol-relative links', () => {
    for (const url of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'data:text/html,x',
      '//evil.example',
    ]) {
      expect(renderMarkdown(`[click](${url})`)).not.toContain('<a ')
    }
  })

  test('does not render images (no third-party loads)', () => {
    expect(renderMarkdown('![pixel](https://tracker.example/p.gif)')).not.toContain('<img')
  })
})

test('markdownToText strips markup', () => {
  expect(markdownToText('## Title\n\nSome **bold** & <b>text</b>')).toBe(
    'Title Some bold & <b>text</b>',
  )
})
