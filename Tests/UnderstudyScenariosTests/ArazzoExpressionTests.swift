import Testing
import UnderstudySchema

@testable import UnderstudyScenarios

/// Arazzo runtime expressions, simple conditions and JSONPath criteria, without a server.
@Suite struct ArazzoExpressionTests {
    @Test func expressionsParseAsTheSpecificationWritesThem() throws {
        #expect(try RuntimeExpression("$statusCode").source == .statusCode)
        #expect(try RuntimeExpression("$request.header.X-Request-Id").source == .requestHeader("X-Request-Id"))
        #expect(try RuntimeExpression("$request.path.id").source == .requestPath("id"))
        let body = try RuntimeExpression("$response.body#/items/0/id")
        #expect(body.source == .responseBody)
        #expect(body.pointer?.tokens == ["items", "0", "id"])
        #expect(
            try RuntimeExpression("$steps.do-the-auth.outputs.token").source
                == .named("steps", ["do-the-auth", "outputs", "token"]))
        #expect(try RuntimeExpression("$inputs.customer#/firstName").pointer?.tokens == ["firstName"])
    }

    @Test func badExpressionsSayWhatIsWrong() {
        #expect(throws: RuntimeExpression.ParseError.self) { try RuntimeExpression("$response.query.x") }
        do {
            _ = try RuntimeExpression("$stpes.a.outputs.b")
            Issue.record("parsed")
        } catch {
            #expect(
                error.description.hasPrefix("'$stpes.a.outputs.b' is not a runtime expression (did you mean 'steps'?)"))
        }
        #expect(throws: RuntimeExpression.ParseError.self) { try RuntimeExpression("$statusCode#/x") }
    }

    @Test func templatesEmbedExpressionsInText() throws {
        let parts = try #require(try RuntimeExpression.template("Bearer {$steps.login.outputs.token}!"))
        #expect(parts.count == 3)
        #expect(parts[0] == .literal("Bearer "))
        #expect(try RuntimeExpression.template("no expression") == nil)
        #expect(throws: RuntimeExpression.ParseError.self) { try RuntimeExpression.template("{$inputs.x") }
    }

    @Test func simpleConditionsCompareLooselyAndIgnoreCaseInStrings() throws {
        let values: [String: JSONValue] = [
            "$statusCode": 201, "$response.body#/status": "Done", "$response.header.X-Count": "12",
            "$response.body#/items": [["id": 7]],
        ]
        func holds(_ text: String) throws -> Bool {
            try SimpleCondition(text).holds { values[$0.text] }
        }
        #expect(try holds("$statusCode == 200 || $statusCode == 201"))
        #expect(try holds("$statusCode >= 200 && $statusCode < 300"))
        #expect(try holds("$response.body#/status == 'done'"))
        #expect(try holds("$response.header.X-Count > 9"))
        #expect(try holds("!($statusCode == 404)"))
        #expect(try holds("$response.body#/items[0].id == 7"))
        #expect(try holds("$response.body#/missing == null"))
        #expect(try holds("'it''s' == 'IT''S'"))
        #expect(try !holds("$statusCode != 201"))
        #expect(throws: SimpleCondition.ParseError.self) { try SimpleCondition("$statusCode == ") }
        #expect(throws: SimpleCondition.ParseError.self) { try SimpleCondition("$statusCode = 200") }
        #expect(throws: SimpleCondition.ParseError.self) { try SimpleCondition("($statusCode == 200") }
        // Hostile nesting is refused, not parsed into a stack overflow.
        let deep = String(repeating: "(", count: 100_000) + "1" + String(repeating: ")", count: 100_000)
        #expect(throws: SimpleCondition.ParseError.self) { try SimpleCondition(deep) }
        #expect(throws: SimpleCondition.ParseError.self) {
            try SimpleCondition(String(repeating: "!", count: 100_000) + "true")
        }
        #expect(try SimpleCondition("((($statusCode == 201)))").holds { _ in 201 })
    }

    @Test func jsonPathCriteriaSelectWithFilters() throws {
        let body: JSONValue = ["products": [["code": "a", "tags": ["x"]], ["code": "b", "tags": []]], "total": 2]
        #expect(try CriterionPath("$.products[?(@.code == 'b')]").select(body).count == 1)
        #expect(try CriterionPath("$.products[?length(@.tags) > 0]").select(body).count == 1)
        #expect(try CriterionPath("$..code").select(body).count == 2)
        #expect(try CriterionPath("$.products[*].code").select(body) == ["a", "b"])
        #expect(try CriterionPath("$.products[5]").select(body).isEmpty)
        #expect(throws: CriterionPath.ParseError.self) { try CriterionPath("products") }
        let numbers: JSONValue = [0, 1, 2, 3, 4, 5]
        #expect(try CriterionPath("$[1:3]").select(numbers) == [1, 2])
        #expect(try CriterionPath("$[::2]").select(numbers) == [0, 2, 4])
        #expect(try CriterionPath("$[-2:]").select(numbers) == [4, 5])
        #expect(try CriterionPath("$[::-1]").select(numbers) == [5, 4, 3, 2, 1, 0])
        // Steps and bounds at the ends of Int (a server's answer or a workflow may hold any): the walk ends
        // at the array's end instead of stepping past Int.max.
        #expect(try CriterionPath("$[1::9223372036854775807]").select(numbers) == [1])
        #expect(try CriterionPath("$[5::9223372036854775807]").select(numbers) == [5])
        #expect(try CriterionPath("$[::-9223372036854775808]").select(numbers) == [5])
        #expect(try CriterionPath("$[-9223372036854775808:9223372036854775807:3]").select(numbers) == [0, 3])
        #expect(try CriterionPath("$[0,5]").select(numbers) == [0, 5])
        #expect(try CriterionPath("$.products[?match(@.code, '[ab]')]").select(body).count == 2)
        #expect(try CriterionPath("$.products[?search(@.code, 'b')]").select(body).count == 1)
        #expect(try CriterionPath("$[?count(@.products) > 0]").select(["x": body]).count == 1)
        #expect(try CriterionPath("$.products[?(@.code == '@b')]").select(body).isEmpty)
        #expect(throws: CriterionPath.ParseError.self) { try CriterionPath("$[1:2:0]") }
    }
}
