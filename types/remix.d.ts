import '@remix-run/node'

declare module '@remix-run/node' {
  interface AppLoadContext {
    /** The CSP nonce of this response (server/app.ts). */
    cspNonce: string
    /** The client's address, behind TRUST_PROXY proxies (server/app.ts). */
    clientIp: string
    /** The address of the socket itself, whatever X-Forwarded-For says (server/app.ts). */
    peerAddress?: string
  }
}

declare module '@remix-run/server-runtime' {
  // Single fetch (v3_singleFetch) types for useLoaderData/useActionData.
  interface Future {
    v3_singleFetch: true
  }
}
