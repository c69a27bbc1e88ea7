import Synchronization

final class InFlightCounter: Sendable {
    let count = Atomic<Int>(0)
}
