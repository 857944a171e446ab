import ParleyCore
import Synchronization

/// How many deliveries this process is sending to each webhook right now.
final class InFlightDeliveries: Sendable {
    private let counts = Mutex<[Webhook.ID: Int]>([:])

    /// Counts one more delivery to `webhook` as soon as it has fewer than `limit` in flight, waiting up to
    /// `patience` for one to finish; returns whether it did.
    func enter(_ webhook: Webhook.ID, limit: Int, patience: Duration) async -> Bool {
        let deadline = ContinuousClock.now + patience
        while !tryEnter(webhook, limit: limit) {
            guard ContinuousClock.now < deadline, (try? await Task.sleep(for: .milliseconds(2))) != nil else { return false }
        }
        return true
    }

    private func tryEnter(_ webhook: Webhook.ID, limit: Int) -> Bool {
        counts.withLock { counts in
            let current = counts[webhook, default: 0]
            guard current < limit else { return false }
            counts[webhook] = current + 1
            return true
        }
    }

    /// Counts one delivery to `webhook` as finished.
    func leave(_ webhook: Webhook.ID) {
        counts.withLock { counts in
            let remaining = counts[webhook, default: 1] - 1
            counts[webhook] = remaining > 0 ? remaining : nil
        }
    }
}
