/** Fixed ports and folders of the end-to-end environment (playwright.config.ts starts it). */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100)
export const E2E_EMULATOR_URL = 'http://127.0.0.1:12112'
export const E2E_EMULATOR_PORT = 12112
export const E2E_SMTP_PORT = 2526
export const E2E_MAIL_DIR = 'test-results/mail'
