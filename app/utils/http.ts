/**
 * Public pages are the same for every visitor, so a CDN may keep them briefly and serve a
 * slightly stale copy while it refetches: a campaign launch is absorbed at the edge.
 * Progress can lag by up to `s-maxage`; the thank-you page (never cached) shows exact totals.
 */
export const PUBLIC_PAGE_CACHE_CONTROL =
  'public, max-age=60, s-maxage=300, stale-while-revalidate=3600'

export function notFound(message = 'Not found'): Response {
  return new Response(message, { status: 404, statusText: 'Not Found' })
}
