/** Small HTML helpers for the emulator's donor-facing pages (checkout, 3-D Secure, portal). */

export interface WebResponse {
  status: number
  headers: Record<string, string>
  body: string
}

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
}

const STYLE = `
  body { font: 16px/1.5 system-ui, sans-serif; color: #1a1a1a; background: #f6f8fa; margin: 0; }
  main { max-width: 28rem; margin: 2rem auto; background: #fff; padding: 1.5rem; border-radius: 8px;
         box-shadow: 0 1px 3px rgb(0 0 0 / 15%); }
  .test-mode { background: #ffde92; color: #4a3500; text-align: center; padding: .25rem; font-size: .875rem; }
  label { display: block; margin-top: .75rem; font-weight: 600; }
  input[type=email], input[type=text] { width: 100%; box-sizing: border-box; padding: .5rem;
         border: 1px solid #6b7280; border-radius: 4px; font: inherit; }
  fieldset { border: 1px solid #d0d7de; border-radius: 4px; margin-top: 1rem; }
  fieldset label { font-weight: 600; }
  .choice { display: flex; gap: .5rem; align-items: center; font-weight: normal; margin-top: .25rem; }
  button { margin-top: 1rem; width: 100%; padding: .75rem; border: 0; border-radius: 4px; font: inherit;
           font-weight: 600; background: #0a2540; color: #fff; cursor: pointer; }
  button.secondary { background: #fff; color: #0a2540; border: 1px solid #0a2540; }
  :focus-visible { outline: 3px solid #635bff; outline-offset: 2px; }
  .error { color: #8b0000; background: #fdecea; padding: .5rem; border-radius: 4px; }
  .total { font-size: 1.5rem; font-weight: 700; margin: .25rem 0 1rem; }
  a { color: #3730a3; }
`

export function htmlPage(status: number, title: string, body: string): WebResponse {
  return {
    status,
    headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' },
    body: `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<div class="test-mode">Test mode: Stripe emulator. No real money moves.</div>
<main>
${body}
</main>
</body>
</html>`,
  }
}

export function redirect(location: string): WebResponse {
  return { status: 303, headers: { Location: location }, body: '' }
}

export function notFoundPage(): WebResponse {
  return htmlPage(
    404,
    'Not found',
    '<h1>Not found</h1><p>This page does not exist or has expired.</p>',
  )
}

export function formatDate(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString().slice(0, 10)
}
