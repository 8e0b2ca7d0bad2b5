export function TestModeBanner() {
  return (
    <div className="test-mode-banner" role="note">
      <strong>Test mode:</strong> no real money moves. Payments go to a Stripe test environment.
    </div>
  )
}
