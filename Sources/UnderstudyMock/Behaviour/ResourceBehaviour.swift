import Foundation
import Synchronization
import UnderstudyContract
import UnderstudySchema

/// The behaviour stage: what an operation does to the resources in the store, once the request is valid
/// and its item located. Create, list, read, replace, update, delete and actions on inferred collections
/// (404 for a missing item, 409 for a duplicate, lifecycles, uniqueness), singletons, and a profile's
/// operation rules (login, logout, guards, downloads, effects, overlays); what it answers is made by the
/// render stage (``ResponseRenderer``). The resource model it works from (collections, item models, list
/// shapes) is built once, with the stage.
final class ResourceBehaviour: Sendable {
    let contract: Contract
    let options: MockOptions
    let profile: MockProfile?
    let store: StateStore
    /// The inferred resource model with the profile's rules tied to operations and collections.
    let binding: ProfileBinding
    /// Each operation's behaviour, by operation index.
    let behaviors: [OperationBehavior]
    /// Each behaviour's name, by operation index, for the request journal (reading it from the behaviour
    /// copied its collection on every request).
    let behaviorNames: [String]
    /// How each list operation pages, filters and wraps its items, by operation index.
    let listShapes: [Int: ListShape]
    /// What is known about the items of each collection, by item path.
    let itemModels: [String: ItemModel]
    /// The members a generated item of each collection always has, by item path, where they do not depend
    /// on the draw (see ``ValueGenerator/fixedMembers(schemaAt:)``), and those of them a create does not
    /// fill in itself (the id and time stamps): a create that sends all of these needs no generated item.
    let fixedItemMembers: [String: (all: [String], toSend: [String])]
    /// The resource-lookup stage (see ``locate(_:)``).
    let lookup: ResourceLookup
    /// The render stage, for every answer the behaviour gives.
    let renderer: ResponseRenderer
    /// The render stage's generator and cache, for made-up items and ids.
    var generator: ValueGenerator { renderer.generator }
    var cache: ResponseCache { renderer.cache }
    /// Credentials issued by login operations, counters, lifecycle polls.
    let sessions: IssuedCredentials
    /// The time the mock lives in (the profile's clock, else the real one).
    let clock: MockClock
    /// Draws for `random(N)` and `uuid` in profile templates, seeded by `--seed`.
    let templateRandom: Mutex<SeededRandom>
    /// When the mock started, on its clock (a lifecycle without a recorded birth counts from then).
    let startedAt: Date
    /// The kind of id a create makes, by operation and collection (see ``newIdentifier(_:_:key:)``): worked out
    /// once each, looked up by a key that costs no string building on every create.
    let identifierKinds = Mutex<[IdentifierKindKey: IdentifierKind]>([:])
    /// Whether a schema describes an item (with a field), by schema and field (see
    /// ``describesItem(_:field:)``).
    let itemDescriptions = Mutex<[ItemDescriptionKey: Bool]>([:])
    /// Lists' items after their filters and sort, while the store does not change (see ``ListOrderMemo``).
    let listOrders = ListOrderMemo()

    /// What kind of id the schemas of a collection's id field and path parameter ask for.
    enum IdentifierKind: Sendable {
        case integer
        /// A string matching `pattern`, sampled from the schema at `uri`.
        case pattern(uri: String, pattern: String)
        case uuid
    }

    struct IdentifierKindKey: Hashable, Sendable {
        var operation: Int
        var itemPath: String
    }

    struct ItemDescriptionKey: Hashable, Sendable {
        var schema: String
        var field: String?
    }

    init(
        contract: Contract, options: MockOptions, profile: MockProfile?, store: StateStore, binding: ProfileBinding,
        renderer: ResponseRenderer, sessions: IssuedCredentials, clock: MockClock, startedAt: Date
    ) {
        self.startedAt = startedAt
        self.contract = contract
        self.options = options
        self.profile = profile
        self.store = store
        self.binding = binding
        behaviors = binding.behaviors
        behaviorNames = binding.behaviors.map(\.name)
        self.renderer = renderer
        self.sessions = sessions
        self.clock = clock
        templateRandom = Mutex(SeededRandom(seed: options.seed, salt: "templates"))
        var shapes: [Int: ListShape] = [:]
        for (index, behavior) in behaviors.enumerated() {
            let operation = contract.operations[index]
            // A list outside any collection (a GET whose answer reads as a page) still pages truthfully (see
            // ``list(_:_:)``).
            let isList: Bool
            switch behavior {
            case .list: isList = true
            case .stateless where operation.method == "GET": isList = false
            default: continue
            }
            let response = Self.successResponse(of: operation, preferring: [200, 206])
            let shape = ListShape(operation: operation, response: response, registry: contract.schemas)
            if isList || shape.isList { shapes[index] = shape }
        }
        listShapes = shapes
        var models = ItemModel.build(contract: contract, behaviors: behaviors, listShapes: shapes)
        for (path, resource) in binding.resourceByItemPath {
            if let field = resource.idField { models[path, default: ItemModel()].idField = field }
        }
        itemModels = models
        fixedItemMembers = models.compactMapValues { model in
            guard !model.combinesSchemas, let schema = model.schema,
                let members = renderer.generator.fixedMembers(schemaAt: schema.uri)
            else { return nil }
            let filled = Set(model.createdStamps + model.updatedStamps + [model.idField].compactMap { $0 })
            return (members, members.filter { !filled.contains($0) })
        }
        lookup = ResourceLookup(
            store: store,
            tenantOwnedItemPaths: Set(binding.resourceByItemPath.filter { $0.value.ownedByTenant }.keys),
            itemModels: models)
        if profile?.resources.contains(where: { !$0.seeds.isEmpty }) == true { store.setBaseline(seedBaseline()) }
    }

    /// Runs the exchange's behaviour: its item located first (the resource-lookup stage), and, when it may
    /// write what it reads, inside the session's critical section, so concurrent writes never lose an update
    /// and a unique value is claimed once.
    func run(_ exchange: consuming Exchange) -> MockResponse {
        var exchange = exchange
        guard changesState(exchange) && !writesWithoutReading(exchange) else {
            locate(&exchange)
            return performWithRules(exchange)
        }
        return store.exclusive(session: exchange.session) {
            locate(&exchange)
            return performWithRules(exchange)
        }
    }

    /// A create that reads nothing it then writes: no profile rule (guards, effects), no unique field to
    /// check, no lifecycle. Its id comes from the store's sequence (one atomic step) or the request, and
    /// the put is one atomic step, so it needs no critical section, and creates on two event loops do not
    /// take turns.
    func writesWithoutReading(_ exchange: Exchange) -> Bool {
        guard case .create(let info) = exchange.behavior, binding.operationRules[exchange.index] == nil,
            binding.sessionRules[exchange.index] == nil, itemModels[info.itemPath]?.uniqueFields.isEmpty ?? true
        else { return false }
        guard let resource = binding.resourceByItemPath[info.itemPath] else { return true }
        return resource.unique.isEmpty && resource.lifecycle == nil
    }

    /// Locates the item the exchange's path names (the resource-lookup stage), for the behaviours that act
    /// on one item.
    func locate(_ exchange: inout Exchange) {
        guard let info = exchange.behavior.collection, let id = exchange.input.pathParameters[info.idParameter]
        else { return }
        switch exchange.behavior {
        case .read, .replace, .update, .delete, .action:
            exchange.located = lookup.locate(
                info, id: id, pathParameters: exchange.input.pathParameters, principal: exchange.principal,
                session: exchange.session, naming: exchange.request.method == "PUT")
        default:
            return
        }
    }

    /// Whether an exchange may write what it read: any method but GET and HEAD, and reads of a resource with a
    /// lifecycle (a read can move it on).
    func changesState(_ exchange: Exchange) -> Bool {
        if exchange.request.method != "GET" && exchange.request.method != "HEAD" { return true }
        guard let info = exchange.behavior.collection else { return false }
        return binding.resourceByItemPath[info.itemPath]?.lifecycle != nil
    }

    /// The first declared success response among `codes`, then any 2XX, then `default`.
    static func successResponse(of operation: ContractOperation, preferring codes: [Int]) -> Response? {
        for code in codes {
            if let response = operation.responses.first(where: { $0.code == code }) { return response }
        }
        if let response = operation.responses.first(where: { ($0.code ?? 0) >= 200 && ($0.code ?? 0) < 300 }) {
            return response
        }
        if let response = operation.responses.first(where: { $0.status.uppercased() == "2XX" }) { return response }
        if let response = operation.responses.first(where: { ($0.code ?? 0) >= 300 && ($0.code ?? 0) < 400 }) {
            return response
        }
        return operation.responses.first { $0.status == "default" } ?? operation.responses.first
    }
}
