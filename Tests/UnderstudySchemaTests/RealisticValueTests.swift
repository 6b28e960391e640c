import Foundation
import Testing

@testable import UnderstudySchema

/// Generated data that reads like real data: chosen by property name, one person per object, updates not
/// before creations, and always valid for the schema.
@Suite struct RealisticValueTests {
    static let customer: JSONValue = [
        "type": "object",
        "required": ["first_name", "last_name", "email", "created_at", "updated_at", "price", "city", "currency"],
        "properties": [
            "first_name": ["type": "string"], "last_name": ["type": "string"],
            "email": ["type": "string", "format": "email"], "username": ["type": "string"],
            "created_at": ["type": "string"], "updatedAt": ["type": "string"],
            "last_login": ["type": "string", "format": "date-time"],
            "updated_at": ["type": "string"], "price": ["type": "number", "minimum": 0],
            "city": ["type": "string"], "currency": ["type": "string"],
            "country": ["type": "string", "maxLength": 2], "phone": ["type": "string"],
            "code": ["type": "string", "maxLength": 3], "zip": ["type": "string", "pattern": "^[A-Z]{2}$"],
            "age": ["type": "integer", "minimum": 30, "maximum": 40],
        ],
    ]

    static func generate(seed: UInt64, salt: String = "c") -> JSONValue {
        var registry = SchemaRegistry()
        registry.register(customer, uri: "file:///c.json", dialect: .openAPI31)
        return ValueGenerator(registry: registry, seed: seed).generate(schemaAt: "file:///c.json", salt: salt)
    }

    @Test func valuesFollowTheirNames() throws {
        for seed in UInt64(1)...40 {
            let value = Self.generate(seed: seed)
            let first = try #require(value["first_name"]?.stringValue)
            let last = try #require(value["last_name"]?.stringValue)
            #expect(RealisticValue.firstNames.contains(first))
            #expect(RealisticValue.lastNames.contains(last))
            // One person per object: the email is theirs.
            #expect(
                value["email"]?.stringValue
                    == "\(first.lowercased()).\(last.lowercased().replacingOccurrences(of: "-", with: ""))@example.com")
            #expect(value["username"]?.stringValue?.hasPrefix(first.lowercased() + "_") == true)
            let created = try #require(value["created_at"]?.stringValue)
            #expect(DateText.parse(created) != nil)
            #expect(try #require(value["updated_at"]?.stringValue) >= created)
            #expect(try #require(value["updatedAt"]?.stringValue) >= created)
            #expect(value["last_login"].flatMap(\.stringValue).map { $0 >= created } ?? true)
            let price = try #require(value["price"]?.doubleValue)
            #expect((5...500).contains(price) && abs((price * 100).rounded() - price * 100) < 1e-6)
            #expect(RealisticValue.cities.contains(value["city"]?.stringValue ?? ""))
            #expect(RealisticValue.currencies.contains(value["currency"]?.stringValue ?? ""))
            #expect(RealisticValue.countryCodes.contains(value["country"]?.stringValue ?? ""))
            #expect(value["phone"]?.stringValue?.hasPrefix("+1-202-555-01") == true)
            // The schema's own constraints win: a pattern, and bounds narrower than the name's range.
            #expect(value["zip"]?.stringValue?.range(of: "^[A-Z]{2}$", options: .regularExpression) != nil)
            #expect((30...40).contains(value["age"]?.intValue ?? 0))
        }
    }

    @Test func sameSeedSameData() {
        #expect(Self.generate(seed: 7) == Self.generate(seed: 7))
        #expect(Self.generate(seed: 7) != Self.generate(seed: 8))
    }

    @Test func namesSplitIntoWords() {
        #expect(RealisticValue.words("firstName") == ["first", "name"])
        #expect(RealisticValue.words("created_at") == ["created", "at"])
        #expect(RealisticValue.words("X-Request-ID") == ["x", "request", "id"])
        #expect(RealisticValue.words("lastModifiedDate") == ["last", "modified", "date"])
    }
}
