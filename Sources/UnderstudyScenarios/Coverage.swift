import UnderstudyContract

/// Which operations, and which of their declared responses, a run exercised.
public struct Coverage: Sendable {
    public struct Entry: Sendable {
        public var operation: String
        public var method: String
        public var path: String
        /// The response keys the contract declares (`200`, `4XX`, `default`).
        public var declared: [String]
        /// The declared keys a response fell under, and `undeclared <status>` for any other.
        public var exercised: Set<String>
    }

    public var contract: String
    public private(set) var entries: [Entry]

    public init(contract: Contract) {
        self.contract = contract.displayPath
        entries = contract.operations.map { operation in
            Entry(
                operation: operation.displayName, method: operation.method, path: operation.path,
                declared: operation.responses.map(\.status), exercised: [])
        }
    }

    /// Records that operation `index` answered `status`.
    public mutating func record(operation index: Int, status: Int, in contract: Contract) {
        guard entries.indices.contains(index) else { return }
        let key = contract.operations[index].response(for: status)?.status ?? "undeclared \(status)"
        entries[index].exercised.insert(key)
    }

    /// Adds another run's observations of the same contract.
    public mutating func merge(_ other: Coverage) {
        for index in entries.indices where index < other.entries.count {
            entries[index].exercised.formUnion(other.entries[index].exercised)
        }
    }

    public var operationsExercised: Int { entries.filter { !$0.exercised.isEmpty }.count }
    public var responsesDeclared: Int { entries.reduce(0) { $0 + $1.declared.count } }
    public var responsesExercised: Int {
        entries.reduce(0) { total, entry in total + entry.declared.filter(entry.exercised.contains).count }
    }
}
