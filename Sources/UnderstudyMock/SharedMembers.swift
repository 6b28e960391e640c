/// A value type's members kept in one shared box, copied on the first change through a copy that shares
/// it: copying the value then counts one reference instead of one per string, array and set among its
/// members. Requests, journal records, principals and item models are handed from stage to stage this way.
///
/// The box changes only through a value that holds the only reference to it, so its exclusivity is known
/// and not checked on every access.
struct SharedMembers<Members: Sendable>: Sendable {
    private final class Box: @unchecked Sendable {
        @exclusivity(unchecked) var members: Members
        init(_ members: Members) { self.members = members }
    }

    private var box: Box

    init(_ members: Members) { box = Box(members) }

    /// The members, read in place; changed in place once this value holds the only reference to them.
    var members: Members {
        _read { yield box.members }
        _modify {
            if !isKnownUniquelyReferenced(&box) { box = Box(box.members) }
            yield &box.members
        }
    }

    /// Whether `other` shares this value's box (then their members are the same).
    func shares(_ other: SharedMembers) -> Bool { box === other.box }
}
