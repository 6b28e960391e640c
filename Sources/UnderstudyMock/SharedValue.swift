/// A value read in place through a reference. Copying the reference counts one; copying a value of many
/// members (a profile rule's strings, sets and expressions) counts one per member. For values made once and
/// read on every request.
final class SharedValue<Value: Sendable>: Sendable {
    let value: Value

    init(_ value: Value) { self.value = value }
}
