import Foundation
import Synchronization

/// Values that look like real data, chosen by the name of the property they fill (`email`,
/// `first_name`, `city`, `currency`, `price`, `created_at` …) when its schema says no more than a type.
/// Drawn from a seeded source, so the same seed gives the same data; the generator still checks every
/// value against its schema and falls back to plain values when one does not fit.
enum RealisticValue {
    static let firstNames = [
        "Ada", "Grace", "Alan", "Katherine", "Linus", "Margaret", "Dennis", "Barbara", "Edsger", "Frances", "Tim",
        "Radia",
    ]
    static let lastNames = [
        "Lovelace", "Hopper", "Turing", "Johnson", "Torvalds", "Hamilton", "Ritchie", "Liskov", "Dijkstra", "Allen",
        "Berners-Lee", "Perlman",
    ]
    static let companies = [
        "Acme Corp", "Globex", "Initech", "Umbrella Ltd", "Stark Industries", "Wayne Enterprises", "Hooli",
        "Soylent Co",
    ]
    static let names = [
        "Northwind", "Blue Harbor", "Atlas", "Quarterly Sales", "Aurora", "Evergreen", "Project Phoenix", "Orion",
        "Summit", "Riverside",
    ]
    static let titles = [
        "Quarterly report", "Fix login timeout", "Onboarding checklist", "Release notes for 2.4", "Invoice March",
        "Team offsite plan", "Migrate billing to v2", "Customer feedback summary",
    ]
    static let sentences = [
        "Prepared for the monthly review.", "Needs a second look before Friday.",
        "Imported from the previous system.", "Created by the onboarding flow.",
        "Shared with the finance team.", "Updated after the customer call.",
    ]
    static let cities = ["Lisbon", "Oslo", "Austin", "Nairobi", "Osaka", "Montreal", "Valparaíso", "Tallinn"]
    static let countries = ["Portugal", "Norway", "United States", "Kenya", "Japan", "Canada", "Chile", "Estonia"]
    static let countryCodes = ["PT", "NO", "US", "KE", "JP", "CA", "CL", "EE"]
    static let streets = ["Market Street", "Rua Augusta", "Karl Johans gate", "Congress Avenue", "Moi Avenue"]
    static let currencies = ["EUR", "USD", "GBP", "JPY", "CAD", "NOK"]
    static let timezones = ["Europe/Lisbon", "Europe/Oslo", "America/Chicago", "Africa/Nairobi", "Asia/Tokyo"]
    static let languages = ["en-US", "pt-PT", "nb-NO", "ja-JP", "fr-CA"]
    static let tags = ["urgent", "billing", "beta", "internal", "customer", "q3"]

    /// The words of names already split (property names of the contracts served: a small set, bounded
    /// all the same), with the words run together. Splitting reads each character's Unicode properties,
    /// which was a tenth of a create's value generation.
    private static let splitNames = Mutex<[String: (words: [String], joined: String)]>([:])
    private static let splitNamesLimit = 4096

    /// The words of a property name, lower-cased: `firstName`, `first_name` and `first-name` → `first name`.
    static func words(_ name: String) -> [String] { split(name).words }

    /// The words of a property name, and those words run together (`first_name` → `firstname`).
    static func split(_ name: String) -> (words: [String], joined: String) {
        if let known = splitNames.withLock({ $0[name] }) { return known }
        let words = splitting(name)
        let entry = (words: words, joined: words.joined())
        splitNames.withLock { names in
            if names.count >= splitNamesLimit { names.removeAll(keepingCapacity: true) }
            names[name] = entry
        }
        return entry
    }

    private static func splitting(_ name: String) -> [String] {
        var words: [String] = []
        var current = ""
        for character in name {
            if character == "_" || character == "-" || character == " " || character == "." {
                if !current.isEmpty { words.append(current) }
                current = ""
            } else if character.isUppercase, !current.isEmpty, !(current.last?.isUppercase ?? false) {
                words.append(current)
                current = String(character)
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { words.append(current) }
        return words.map { $0.lowercased() }
    }

    private static func pick(_ list: [String], _ random: inout SeededRandom) -> String {
        list[Int.random(in: 0..<list.count, using: &random)]
    }

    /// A string for a property called `name` (nil when the name says nothing), given the schema's format.
    /// `person` picks one first and last name for every person-like member of one object, so its name,
    /// email and login agree.
    static func string(
        for name: String, format: String?, maxLength: Int?, person index: Int, _ random: inout SeededRandom
    ) -> String? {
        let (parts, joined) = split(name)
        guard let last = parts.last else { return nil }
        let chosen = (
            firstNames[index % firstNames.count], lastNames[(index / firstNames.count) % lastNames.count]
        )
        func person() -> (String, String) { chosen }
        if format == "email" || last == "email" || joined.hasSuffix("email") {
            let (first, family) = person()
            return "\(first.lowercased()).\(family.lowercased().replacingOccurrences(of: "-", with: ""))@example.com"
        }
        if format == "uri" || format == "url" || ["url", "uri", "website", "homepage", "href", "link"].contains(last) {
            return "https://example.com/"
                + pick(titles, &random).lowercased().replacingOccurrences(of: " ", with: "-")
                .replacingOccurrences(of: ".", with: "")
        }
        guard format == nil else { return nil }
        if ["at", "time", "date", "timestamp", "on"].contains(last) && parts.count > 1
            || ["created", "updated", "modified", "timestamp", "deleted"].contains(last)
        {
            return ValueGenerator.timestamp(&random, dateOnly: last == "date" || last == "on" && parts.count > 1)
        }
        switch joined {
        case "firstname", "givenname", "forename": return person().0
        case "lastname", "familyname", "surname": return person().1
        case "fullname", "displayname", "contactname", "personname", "ownername", "authorname", "customername":
            let (first, family) = person()
            return "\(first) \(family)"
        case "username", "login", "handle", "nickname", "screenname":
            let (first, family) = person()
            return "\(first.lowercased())_\(family.lowercased().replacingOccurrences(of: "-", with: ""))"
        case "company", "companyname", "organization", "organisation", "organizationname", "orgname", "employer":
            return pick(companies, &random)
        case "phone", "phonenumber", "mobile", "telephone", "tel", "fax", "mobilephone":
            return "+1-202-555-01\(String(format: "%02d", Int.random(in: 0...99, using: &random)))"
        case "street", "address", "addressline1", "line1", "streetaddress", "address1":
            return "\(Int.random(in: 1...250, using: &random)) \(pick(streets, &random))"
        case "city", "town", "locality", "location": return pick(cities, &random)
        case "country", "countryname":
            return (maxLength ?? 99) <= 3 ? pick(countryCodes, &random) : pick(countries, &random)
        case "countrycode", "countryiso", "iso2": return pick(countryCodes, &random)
        case "zip", "zipcode", "postalcode", "postcode": return String(Int.random(in: 10_000...99_999, using: &random))
        case "currency", "currencycode": return pick(currencies, &random)
        case "timezone", "tz", "zone": return pick(timezones, &random)
        case "language", "locale", "lang": return pick(languages, &random)
        case "color", "colour": return String(format: "#%06x", Int.random(in: 0...0xFFFFFF, using: &random))
        case "slug": return pick(titles, &random).lowercased().replacingOccurrences(of: " ", with: "-")
        case "tag", "tags", "label", "labels", "category": return pick(tags, &random)
        case "title", "subject", "summary", "headline", "caption": return pick(titles, &random)
        case "description", "notes", "note", "comment", "body", "message", "text", "bio", "details", "reason":
            return pick(sentences, &random)
        case "name", "displaylabel", "projectname", "productname", "teamname": return pick(names, &random)
        default:
            if last == "name" { return pick(names, &random) }
            return nil
        }
    }

    /// A number for a property called `name` within `low...high` (nil when the name says nothing).
    static func number(
        for name: String, integer: Bool, low: Double, high: Double, _ random: inout SeededRandom
    )
        -> Double?
    {
        let parts = words(name)
        guard let last = parts.last else { return nil }
        let range: ClosedRange<Double>
        switch last {
        case "price", "amount", "cost", "total", "balance", "subtotal", "fee", "salary": range = 5...500
        case "age": range = 18...90
        case "quantity", "qty", "count": range = 1...20
        case "latitude", "lat": range = -60...70
        case "longitude", "lng", "lon": range = -150...150
        case "rating", "stars", "score": range = 1...5
        case "percent", "percentage": range = 0...100
        case "year": range = 2015...2025
        default: return nil
        }
        let lower = max(low, range.lowerBound)
        let upper = min(high, range.upperBound)
        guard lower <= upper else { return nil }
        let fraction = Double(UInt32.random(in: 0...1000, using: &random)) / 1000
        let value = lower + (upper - lower) * fraction
        return integer || ["age", "quantity", "qty", "count", "year"].contains(last)
            ? value.rounded() : (value * 100).rounded() / 100
    }
}
