import Testing
import UnderstudyContract
import UnderstudySchema

/// Query parameters read as OpenAPI's styles say: scalars, arrays (repeated, `name[]`, comma-separated when
/// not exploded), `deepObject` (`filter[color]=red`), exploded form objects (their properties as parameters of
/// their own), schemas behind `$ref`, and parameters that were not sent.
struct QueryParameterDecodingTests {
    static let spec = """
        openapi: 3.0.3
        info: {title: t, version: '1'}
        paths:
          /things:
            get:
              parameters:
                - {name: limit, in: query, schema: {type: integer}}
                - {name: q, in: query, schema: {type: string}}
                - {name: tags, in: query, schema: {type: array, items: {type: string}}}
                - {name: ids, in: query, explode: false, schema: {type: array, items: {type: integer}}}
                - {name: filter, in: query, style: deepObject, schema: {type: object, properties: {color: {type: string}, size: {type: integer}}}}
                - {name: page, in: query, schema: {$ref: '#/components/schemas/Page'}}
                - {name: sort, in: query, schema: {$ref: '#/components/schemas/Sort'}}
                - {name: count, in: query, schema: {$ref: '#/components/schemas/Count'}}
              responses:
                '200': {description: ok}
        components:
          schemas:
            Page: {type: object, properties: {number: {type: integer}, size: {type: integer}}}
            Sort: {type: string}
            Count: {allOf: [{$ref: '#/components/schemas/Positive'}]}
            Positive: {type: integer, minimum: 1}
        """

    static func decode(_ query: String) throws -> [String: JSONValue] {
        let contract = try #require(ContractLoader().load(text: spec).contract)
        let operation = try #require(contract.operation(method: "GET", path: "/things"))
        let pairs = try #require(HTTPRequestInput.parseQuery(query))
        let input = HTTPRequestInput(method: "GET", query: pairs, headers: [], body: [])
        let (request, issues) = RequestValidator(contract: contract).validate(input, operation: operation)
        #expect(issues.isEmpty, "\(issues)")
        return request.parameters[.query] ?? [:]
    }

    @Test func everyStyleIsRead() throws {
        #expect(try Self.decode("") == [:])
        #expect(try Self.decode("limit=5&q=a+b") == ["limit": 5, "q": "a b"])
        #expect(try Self.decode("tags=a&tags=b") == ["tags": ["a", "b"]])
        #expect(try Self.decode("tags[]=a&tags[]=b") == ["tags": ["a", "b"]])
        #expect(try Self.decode("ids=1,2,3") == ["ids": [1, 2, 3]])
        #expect(try Self.decode("filter[color]=red&filter[size]=2") == ["filter": ["color": "red", "size": 2]])
        // An exploded form object behind a `$ref`: its properties come as parameters of their own.
        #expect(try Self.decode("number=3&size=20") == ["page": ["number": 3, "size": 20]])
        #expect(try Self.decode("sort=-name&unknown=1") == ["sort": "-name"])
    }

    /// A parameter behind a `$ref` (or a one-part `allOf`) to one scalar type is left alone when no pair is
    /// named after it, as one written in place is; sent, it is read and checked.
    @Test func aReferencedScalarIsReadAndCheckedOnlyWhenSent() throws {
        #expect(try Self.decode("counts=0&sorts=x") == [:])
        #expect(try Self.decode("count=3") == ["count": 3])
        let contract = try #require(ContractLoader().load(text: Self.spec).contract)
        let operation = try #require(contract.operation(method: "GET", path: "/things"))
        let input = HTTPRequestInput(
            method: "GET", query: try #require(HTTPRequestInput.parseQuery("count=0")), headers: [], body: [])
        let (_, issues) = RequestValidator(contract: contract).validate(input, operation: operation)
        #expect(issues.map(\.location) == ["query.count"])
    }

    /// A scalar parameter takes the first pair named after it; pairs that only start with its name, or
    /// name it with brackets, are not it.
    @Test func aScalarTakesTheFirstPairNamedAfterIt() throws {
        #expect(try Self.decode("limit=5&limit=7") == ["limit": 5])
        #expect(try Self.decode("limits=5&limit[]=6&qq=x") == [:])
        #expect(try Self.decode("q=&limit=0") == ["q": "", "limit": 0])
    }

    /// The raw query splits on every `&` and the first `=` of each piece, byte by byte: empty pieces are
    /// skipped, a piece without `=` has an empty value, `+` is a space, escapes are decoded after splitting,
    /// and a combining mark after `&` does not hide it. A malformed escape makes the whole query malformed.
    @Test func rawQueriesSplitByByte() throws {
        func pairs(_ raw: String) -> [String]? {
            HTTPRequestInput.parseQuery(raw).map { $0.map { "\($0.name)=\($0.value)" } }
        }
        #expect(pairs("") == [])
        #expect(pairs("&&") == [])
        #expect(pairs("a=1&&b=x+y&c&=v&d=%26%3D&e=1=2&") == ["a=1", "b=x y", "c=", "=v", "d=&=", "e=1=2"])
        #expect(pairs("n\u{E9}=caf\u{E9}&\u{301}x=1") == ["n\u{E9}=caf\u{E9}", "\u{301}x=1"])
        #expect(pairs("a=1&b=%zz") == nil)
        #expect(pairs("a=%") == nil)
    }

    /// What a schema handle reads from its schema once: the type it names, and whether it is one scalar type
    /// written in place (a parameter with it is read from one pair).
    @Test func aSchemaHandleKeepsItsTypeAndWhetherItIsAnInlineScalar() throws {
        func handle(_ json: String) throws -> SchemaHandle {
            SchemaHandle(
                value: try JSONParser.parse(bytes: Array(json.utf8)), documentURI: "file:///s.json", pointer: .root)
        }
        let cases: [(String, String?, Bool)] = [
            (#"{"type": "integer"}"#, "integer", true),
            (#"{"type": "string", "format": "date"}"#, "string", true),
            (#"{"type": "array", "items": {}}"#, "array", false),
            (#"{"type": "object"}"#, "object", false),
            (#"{"type": ["string", "null"]}"#, nil, false),
            (##"{"$ref": "#/x", "type": "string"}"##, "string", false),
            (#"{"allOf": [{}], "type": "number"}"#, "number", false),
            (##"{"$ref": "#/x"}"##, nil, false),
            ("true", nil, false),
        ]
        for (json, type, inline) in cases {
            let schema = try handle(json)
            #expect(schema.declaredType == type, "\(json)")
            #expect(schema.isInlineScalar == inline, "\(json)")
        }
    }
}
