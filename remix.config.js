import { flatRoutes } from 'remix-flat-routes'
import { withLocaleRoutes } from './app/i18n/locale-routes.js'

/** @type {import('@remix-run/dev').AppConfig} */
export default {
  serverBuildPath: 'build/remix/index.js',
  assetsBuildDirectory: 'public/build',
  publicPath: '/build/',
  serverModuleFormat: 'esm',
  serverPlatform: 'node',
  // Subpath imports (#app/...) are our own source files, not packages: bundle them.
  serverDependenciesToBundle: [/^#app\//],
  ignoredRouteFiles: ['**/*'],
  // Donor-facing routes again under /ko/… (one prefix per extra language in app/i18n/locales.json).
  routes: async (defineRoutes) =>
    withLocaleRoutes(
      flatRoutes('routes', defineRoutes, {
        ignoredRouteFiles: ['.*', '**/*.css', '**/*.test.{js,jsx,ts,tsx}', '**/__*.*'],
      }),
    ),
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: true,
  },
}
