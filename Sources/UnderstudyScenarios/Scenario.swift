import UnderstudySchema

/// A named sequence of steps; its steps share variables (captures flow forward).
public struct Scenario: Sendable {
    public var name: String
    public var tags: [String]
    public var steps: [Step]
    /// Where the scenario is written (`file:line`).
    public var location: String

    public init(name: String, tags: [String] = [], steps: [Step], location: String) {
        self.name = name
        self.tags = tags
        self.steps = steps
        self.location = location
    }
}
