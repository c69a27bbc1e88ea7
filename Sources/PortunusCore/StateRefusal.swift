/// A state machine's refusal of an event: the event is not one the current state allows.
///
/// Each of the domain's state machines (a transit movement, a vetting item, a lookout, a
/// certificate's status, a sample's custody) is an enum of states with one transition
/// function, `applying(_:)`, which returns the next state or throws its own refusal, a value
/// with cases that tests can match. At the edge of a use case the refusal becomes the
/// ``PortunusError`` a client meets: ``error`` gives its code, reason and field.
public protocol StateRefusal: Error, Sendable, Hashable {
    /// The refusal as the API and the CLI report it.
    var error: PortunusError { get }
}
