import ParleyStore
import Synchronization
import Testing

@Suite("Job bell")
struct JobBellTests {
    @Test("a ring wakes the waiter, and a ring with nobody waiting is kept for the next wait", .timeLimit(.minutes(1)))
    func ringWakes() async throws {
        let bell = JobBell()
        bell.ring()
        bell.ring()
        await bell.wait(timeout: .seconds(3600))  // the kept ring: returns at once

        let woken = Woken()
        let waiting = Task {
            await bell.wait(timeout: .seconds(3600))
            woken.flag.store(true, ordering: .relaxed)
        }
        // Rings until the waiter is awake: a ring that comes before it waits is kept, and wakes it just the same.
        for _ in 0..<2_000 where !woken.flag.load(ordering: .relaxed) {
            bell.ring()
            try await Task.sleep(for: .milliseconds(5))
        }
        await waiting.value
        let awake = woken.flag.load(ordering: .relaxed)
        #expect(awake)
    }

    @Test("a wait ends when its task is cancelled", .timeLimit(.minutes(1)))
    func cancelledWaitEnds() async {
        let bell = JobBell()
        let waiting = Task { await bell.wait(timeout: .seconds(3600)) }
        waiting.cancel()
        await waiting.value
    }

    private final class Woken: Sendable {
        let flag = Atomic(false)
    }
}
