/// JSON text put together piece by piece: values serialised as ``JSONSerializer/data(_:pretty:)`` writes
/// them (compactly), between punctuation the caller writes itself, into one buffer. A caller that needs
/// to know where one value's bytes are (a log line whose values are also stored apart) reads ``written``
/// before and after it. Made through ``JSONSerializer/build(capacity:_:)``.
public struct JSONWriter: ~Copyable {
    var sink: ByteSink

    init(capacity: Int) { sink = ByteSink(capacity: capacity) }

    /// How many bytes are written so far.
    public var written: Int { sink.written }

    /// Writes `value` compactly.
    public mutating func write(_ value: JSONValue) {
        JSONSerializer.write(value, into: &sink)
    }

    /// Writes `text` as a JSON string (quoted, escaped).
    public mutating func write(string text: String) {
        JSONSerializer.write(.string(text), into: &sink)
    }

    /// Writes `integer` as a JSON number.
    public mutating func write(integer: Int) {
        JSONSerializer.write(.int(integer), into: &sink)
    }

    /// Writes `text` as it is: punctuation between values, or text known to be JSON already.
    public mutating func raw(_ text: StaticString) {
        sink.append(text)
    }
}
