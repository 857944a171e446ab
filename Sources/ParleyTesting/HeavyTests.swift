import Foundation

/// The long tests (fuzzing the whole API, a campaign of a thousand conversations killed twenty times) run only when
/// `PARLEY_TEST_HEAVY=1`: `.ci/run` runs each of them on its own after the rest, since beside the parallel suite
/// they would starve it, and it of them, on two cores.
package enum HeavyTests {
    /// Whether this run includes the long tests.
    package static var enabled: Bool { ProcessInfo.processInfo.environment["PARLEY_TEST_HEAVY"] == "1" }
}
