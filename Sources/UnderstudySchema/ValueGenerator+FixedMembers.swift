extension ValueGenerator {
    /// The members ``generate(schemaAt:salt:)`` makes for the schema at `uri`, in order, when they are the
    /// same whatever the salt: a plain object schema (reached through `$ref`s without siblings that shape the
    /// value) with `properties` and `required`, and no `const`, `enum`, example, default, combinator or
    /// `minProperties` above what it declares. nil when the members depend on the draw, or the value is not
    /// an object.
    ///
    /// A caller that overwrites every one of these members (a create that sends each of them) needs no
    /// generated value at all. Generation also drops a member whose made-up value breaks the schema; such a
    /// member is still listed here.
    public func fixedMembers(schemaAt uri: String) -> [String]? {
        guard var target = registry.resolve(uri, base: uri) else { return nil }
        var required = Set<String>()
        var depth = 0
        while true {
            guard case .object(let object) = target.schema else { return nil }
            required.formUnion(object["required"]?.arrayValue?.compactMap(\.stringValue) ?? [])
            guard let reference = object["$ref"]?.stringValue else { break }
            var rest = object
            rest.remove("$ref")
            guard target.resource.dialect.isDraft4Family || !Self.shapesValue(rest),
                let next = registry.resolve(reference, base: target.baseURI), depth < 16
            else { return nil }
            target = next
            depth += 1
        }
        guard case .object(let object) = target.schema, depth <= maxDepth + 4 else { return nil }
        let drawn = ["const", "example", "examples", "default", "enum", "allOf", "oneOf", "anyOf"]
        guard !drawn.contains(where: object.contains), primaryType(object) == "object" else { return nil }
        var members: [String] = []
        if case .object(let properties) = object["properties"] {
            for (name, property) in properties
            where generates(property, required: required.contains(name), resource: target.resource, depth: depth) {
                members.append(name)
            }
        }
        // A required member the schema does not describe is made in no fixed order, and extra members up to
        // `minProperties` are named as they are drawn: neither is fixed.
        let declared = Set(object["properties"]?.objectValue?.keys ?? [])
        if !required.isSubset(of: declared) { return nil }
        if (object["minProperties"]?.intValue ?? 0) > members.count { return nil }
        return members
    }
}
