/// What an operation does to state, inferred from the paths (or, later, set by a profile).
public enum OperationBehavior: Sendable, Hashable {
    case create(CollectionInfo)
    case list(CollectionInfo)
    case read(CollectionInfo)
    /// An item addressed by another of its fields, which is then unique in the collection:
    /// `GET`/`PATCH`/`DELETE /variables/name/{name}` beside `/variables/{id}`.
    case keyed(CollectionInfo, field: String, parameter: String)
    case replace(CollectionInfo)
    case update(CollectionInfo)
    case delete(CollectionInfo)
    /// An operation under an item (`/things/{id}/approve`): the item must exist.
    case action(CollectionInfo)
    /// A singleton resource such as `/me` or `/settings`.
    case singletonRead(path: String)
    case singletonWrite(path: String, merge: Bool)
    /// Answered from the contract alone.
    case stateless

    /// The collection this behaviour works on, if any.
    public var collection: CollectionInfo? {
        switch self {
        case .create(let info), .list(let info), .read(let info), .replace(let info), .update(let info),
            .delete(let info), .action(let info), .keyed(let info, _, _):
            return info
        default:
            return nil
        }
    }

    /// The same behaviour on another collection.
    func rebound(to info: CollectionInfo) -> OperationBehavior {
        switch self {
        case .create: return .create(info)
        case .list: return .list(info)
        case .read: return .read(info)
        case .keyed(_, let field, let parameter): return .keyed(info, field: field, parameter: parameter)
        case .replace: return .replace(info)
        case .update: return .update(info)
        case .delete: return .delete(info)
        case .action: return .action(info)
        default: return self
        }
    }

    /// A short name for logs and the admin API.
    public var name: String {
        switch self {
        case .create: return "create"
        case .list: return "list"
        case .read: return "read"
        case .keyed(_, let field, _): return "by \(field)"
        case .replace: return "replace"
        case .update: return "update"
        case .delete: return "delete"
        case .action: return "action"
        case .singletonRead: return "singleton-read"
        case .singletonWrite: return "singleton-write"
        case .stateless: return "contract"
        }
    }
}
