/**
 * Public pages are the same for every visitor, so a CDN may keep them, but only for a second:
 * an appeal's total must be at most a second stale after a gift is recorded, and a paused
 * appeal must say so at once. A launch is still absorbed at the edge (one request per second
 * per page reaches the origin); browsers revalidate every time, so a reload always shows the
 * current total.
 */
export const PUBLIC_PAGE_CACHE_CONTROL = 'public, max-age=0, s-maxage=1'

export function notFound(message = 'Not found'): Response {
  return new Response(message, { status: 404, statusText: 'Not Found' })
}
