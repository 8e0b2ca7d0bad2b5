/**
 * Headers of every donor page and download: nothing a donor sees of their giving may be kept by
 * a shared cache or the browser's back-forward cache, and no link on it sends a Referer (these
 * pages are reached through links that carry tokens).
 */
export const DONOR_PAGE_HEADERS = {
  'Cache-Control': 'private, no-store',
  'Referrer-Policy': 'no-referrer',
} as const

export const donorPageHeaders = () => DONOR_PAGE_HEADERS

/** Route handle: the document's referrer meta tag says no-referrer too (app/root.tsx). */
export const DONOR_PAGE_HANDLE = { noReferrer: true }
