import Foundation
import UnderstudySchema

extension ResourceBehaviour {
    /// Every resource's seed items by store key, made to look like stored items: generated fields under the
    /// given ones, ids from the id field (else the id format, else 1, 2, 3 …).
    func seedBaseline() -> [String: [(id: String, value: JSONValue)]] {
        var collections: [String: [(id: String, value: JSONValue)]] = [:]
        guard let profile else { return collections }
        for resource in profile.resources where !resource.seeds.isEmpty {
            guard let info = binding.collectionByResource[resource.name] else { continue }
            let field = idField(info) ?? resource.idField ?? "id"
            for set in resource.seeds {
                var tenant: String? = nil
                if resource.ownedByTenant {
                    let owner = set.tenant.flatMap { name in profile.principals.first { $0.name == name } }
                    tenant = owner.map { ResourceLookup.tenant(of: $0) } ?? set.tenant ?? "anonymous"
                }
                let key = ResourceLookup.collectionKey(info, pathParameters: set.scope, tenant: tenant)
                var given = set.items
                if set.count > 0 {
                    for index in 1...set.count {
                        let variables = profileVariables(
                            ["index": .int(index)], session: "seed", pathParameters: set.scope, principal: nil)
                        given.append((try? variables.render(.object(set.values))) ?? .object(set.values))
                    }
                }
                var items = collections[key] ?? []
                for value in given {
                    let position = items.count + 1
                    var id = value[field].flatMap(Self.text) ?? ""
                    var object = value.objectValue ?? JSONObject()
                    if id.isEmpty {
                        let fresh = seedIdentifier(resource, info, position: position)
                        id = fresh.0
                        object.set(field, fresh.1)
                    }
                    let item = Self.overlay(baseItem(info, id: id), .object(object))
                    items.append((id, item))
                }
                collections[key] = items
            }
        }
        return collections
    }

    private func seedIdentifier(_ resource: ResourceRule, _ info: CollectionInfo, position: Int) -> (String, JSONValue)
    {
        switch resource.idFormat {
        case .uuid?:
            let uuid = templateRandom.withLock { $0.uuid() }
            return (uuid, .string(uuid))
        case .template(let template)?:
            let variables = profileVariables(
                ["index": .int(position)], session: "seed", pathParameters: [:], principal: nil)
            let value = (try? template.render(variables)) ?? .string(String(position))
            return (Self.text(value) ?? String(position), value)
        case .sequence?, nil:
            return (String(position), sequenceIdentifier(position, info))
        }
    }
}
