import Synchronization

/// The ``ValidityPlan``s of one registry state, by schema and options, including the schemas that have none,
/// with one ``ValidityPlanStore`` per set of options. Registering a document replaces it, as with the
/// registry's resolution cache.
final class ValidityPlanCache: Sendable {
    /// A schema named by the reference a caller validates against, or by its place in a document.
    struct Key: Hashable, Sendable {
        var location: String
        var pointer: JSONPointer?
        var options: ValidationOptions
        /// `location.hashValue`, which a caller that validates against the same reference again and again
        /// (a contract's schema) keeps instead of hashing the whole URI on every look-up.
        var locationHash: Int

        init(location: String, locationHash: Int? = nil, pointer: JSONPointer?, options: ValidationOptions) {
            self.location = location
            self.locationHash = locationHash ?? location.hashValue
            self.pointer = pointer
            self.options = options
        }

        static func == (left: Key, right: Key) -> Bool {
            left.locationHash == right.locationHash && left.location == right.location
                && left.pointer == right.pointer && left.options == right.options
        }

        /// Hashes what keys of one registry tell apart most cheaply; equal keys agree on all of it.
        func hash(into hasher: inout Hasher) {
            hasher.combine(locationHash)
            if let pointer { hasher.combine(pointer) }
            hasher.combine(options.formatAssertion)
            hasher.combine(options.direction)
        }
    }

    private struct Entries: Sendable {
        var plans: [Key: ValidityPlan?] = [:]
        var stores: [ValidationOptions: ValidityPlanStore] = [:]
    }

    private let entries = Mutex(Entries())
    /// More distinct schemas than this (a caller inventing references) start the plan table over.
    static let capacity = 20_000

    /// The cached plan for `key`, building it with `build` (outside the lock) the first time.
    func plan(for key: Key, build: (ValidityPlanStore) -> ValidityPlan?) -> ValidityPlan? {
        let (known, store) = entries.withLock { entries -> (ValidityPlan??, ValidityPlanStore?) in
            if let known = entries.plans[key] { return (known, nil) }
            if let store = entries.stores[key.options] { return (nil, store) }
            let store = ValidityPlanStore()
            entries.stores[key.options] = store
            return (nil, store)
        }
        if let known { return known }
        guard let store else { return nil }
        let plan = build(store)
        entries.withLock { entries in
            if entries.plans.count >= Self.capacity { entries.plans.removeAll(keepingCapacity: true) }
            entries.plans[key] = .some(plan)
        }
        return plan
    }
}
