/**
 * Ports and folders of the end-to-end environment (playwright.config.ts starts it). Fixed by
 * default; E2E_PORT_OFFSET shifts every port so that several checkouts can run end-to-end tests
 * on one machine at once.
 */
const OFFSET = Number(process.env.E2E_PORT_OFFSET ?? 0)
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100 + OFFSET)
export const E2E_EMULATOR_PORT = 12112 + OFFSET
export const E2E_EMULATOR_URL = `http://127.0.0.1:${E2E_EMULATOR_PORT}`
export const E2E_SMTP_PORT = 2526 + OFFSET
export const E2E_MAIL_DIR = 'test-results/mail'
/** The web server's data folder (its embedded database, uploads, TOTP claims): wiped at each start. */
export const E2E_DATA_DIR = '.data/e2e'
