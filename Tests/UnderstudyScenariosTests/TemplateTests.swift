import Foundation
import Testing
import UnderstudyScenarios
import UnderstudySchema

/// Templates, JSON paths and matchers: the small languages of a suite.
@Suite struct TemplateTests {
    let variables = Variables(
        ["id": 42, "note": ["title": "milk", "tags": ["a", "b"]], "name": "Ada"],
        clock: { Date(timeIntervalSince1970: 1_800_000_000) })

    @Test func aWholeHoleKeepsItsTypeAndTextIsSpliced() throws {
        #expect(try variables.render("{{ id }}") == 42)
        #expect(try variables.render("{{ note }}") == ["title": "milk", "tags": ["a", "b"]])
        #expect(try variables.render("{{note.tags[1]}}") == "b")
        #expect(try variables.render("/notes/{{ id }}?by={{ name }}") == "/notes/42?by=Ada")
        #expect(try variables.render(["a": ["{{ id }}", "x{{ id }}"]]) == ["a": [42, "x42"]])
        #expect(try variables.render("no holes") == "no holes")
    }

    @Test func functionsUseTheInjectedClock() throws {
        #expect(try variables.render("{{ now }}") == "2027-01-15T08:00:00Z")
        #expect(try variables.render("{{ now + 1h }}") == "2027-01-15T09:00:00Z")
        #expect(try variables.render("{{ now - 2d }}") == "2027-01-13T08:00:00Z")
        #expect(try variables.render("{{ timestamp }}") == 1_800_000_000)
        #expect(try variables.render("{{ random(12) }}").stringValue?.count == 12)
        let uuid = try #require(try variables.render("{{ uuid }}").stringValue)
        #expect(UUID(uuidString: uuid) != nil)
        #expect(try variables.render("{{ uuid }}") != variables.render("{{ uuid }}"))
    }

    @Test func mistakesSayWhat() {
        #expect(throws: TemplateError.self) { try variables.render("{{ missing }}") }
        do {
            _ = try variables.render("{{ note.nope }}")
        } catch {
            #expect(error.description == "'note.nope' does not exist in variable 'note'")
        }
        #expect(throws: Template.ParseError.self) { try Template("{{ 1abc }}") }
        #expect(throws: Template.ParseError.self) { try Template("{{ now + }}") }
        #expect(throws: Template.ParseError.self) { try Template("{{ launch(1) }}") }
        #expect(throws: Template.ParseError.self) { try Template("{{ 3 parsecs }}") }
        #expect(throws: Template.ParseError.self) { try Template("{{ 'open }}") }
        #expect(throws: Template.ParseError.self) { try Template("{{ }}") }
    }

    @Test func expressionsCompareComputeAndFallBack() throws {
        func value(_ text: String, _ extra: [String: JSONValue] = [:], lenient: Bool = false) throws -> JSONValue {
            var scope = variables
            for (name, value) in extra { scope[name] = value }
            scope.lenient = lenient
            return try TemplateExpression(text).evaluate(scope)
        }
        let request: JSONValue = ["query": ["after": "2024-06-10", "before": "2024-06-01T00:00:00+0100"], "n": 3]
        #expect(try value("request.query.before < request.query.after", ["request": request]) == true)
        #expect(try value("request.n * 2 + 1 == 7", ["request": request]) == true)
        #expect(try value("request.n in [1, 3]", ["request": request]) == true)
        #expect(try value("'Initiation report' contains 'report' and not (1 > 2)") == true)
        #expect(try value("now - 30d") == "2026-12-16T08:00:00Z")
        #expect(try value("matches(name, '^[A-Z][a-z]+$')") == true)
        #expect(try value("matches(name, '^[a-z0-9_]+$')") == false)
        #expect(try value("matches(id, '4')") == false)  // only text matches
        #expect(try value("not matches(request.missing, 'x')", ["request": request]) == true)
        #expect(throws: TemplateError.self) { try value("matches(name, '(')") }
        #expect(throws: TemplateError.self) { try value("matches(name)") }
        #expect(try value("now - '2027-01-14T08:00:00Z'") == 86400)
        #expect(try value("request.query.limit ?? 50", ["request": request], lenient: true) == 50)
        #expect(try value("request.query.missing < 3", ["request": request], lenient: true) == false)
        #expect(try value("len(note.tags) + 1", ["note": ["tags": ["a", "b"]]]) == 3)
        #expect(try value("hash('a', 'b') == hash('a', 'b') and hash('a') != hash('b')") == true)
        #expect(try value("X-Api-Key", ["X-Api-Key": "k"]) == "k")
        #expect(throws: TemplateError.self) { try value("request.query.missing", ["request": request]) }
        #expect(throws: TemplateError.self) { try value("'a' * 2") }
        #expect(try value("99999999999999999999 > 1") == true)
        #expect(throws: Template.ParseError.self) {
            try TemplateExpression(String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000))
        }
        #expect(throws: Template.ParseError.self) {
            try TemplateExpression(String(repeating: "not ", count: 5000) + "x")
        }
        var scope = variables
        scope.allowsEnvironment = false
        #expect(throws: TemplateError.self) { try TemplateExpression("env.HOME").evaluate(scope) }
    }

    @Test func jsonPathsFindEveryMatch() throws {
        let body: JSONValue = ["items": [["id": 1, "tags": ["x"]], ["id": 2, "tags": []]], "a.b": true]
        #expect(try JSONPath("$.items[1].id").evaluate(body).map(\.value) == [2])
        #expect(try JSONPath("$.items[-1].id").evaluate(body).map(\.value) == [2])
        #expect(try JSONPath("$.items[*].id").evaluate(body).map(\.pointer) == ["/items/0/id", "/items/1/id"])
        #expect(try JSONPath("$['a.b']").evaluate(body).map(\.value) == [true])
        #expect(try JSONPath("$.*").evaluate(body).count == 2)
        #expect(try JSONPath("$.items[5]").evaluate(body).isEmpty)
        #expect(try JSONPath("$").evaluate(body).map(\.value) == [body])
        #expect(throws: JSONPath.ParseError.self) { try JSONPath("$.items[x]") }
        #expect(throws: JSONPath.ParseError.self) { try JSONPath("items") }
    }

    @Test func matchersPassAndFailWithAReason() throws {
        func check(_ matcher: Matcher, _ value: JSONValue?) -> [String] {
            matcher.check(value, at: "$.v", variables: variables)
        }
        #expect(check(.equals("{{ id }}"), 42) == [])
        #expect(check(.equals(1), 1.0) == [])
        #expect(check(.equals("a"), "b") == ["$.v is \"b\", expected \"a\""])
        #expect(check(.exists(true), nil) == ["$.v is missing"])
        #expect(check(.type("integer"), 2.5) == ["$.v is a number 2.5, expected integer"])
        #expect(check(.matches("^a+$"), "aaa") == [])
        #expect(check(.matches("^a+$"), "ab") == ["$.v is \"ab\", which does not match /^a+$/"])
        // ICU's own syntax, as written (`\d` is any decimal digit here), and a match that would backtrack
        // for minutes gives up.
        #expect(check(.matches("^\\d+$"), "\u{0661}2") == [])
        #expect(check(.matches("(unclosed"), "x") == ["$.v: '(unclosed' is not a valid regular expression"])
        #expect(
            check(.matches("^(a|aa)+$"), .string(String(repeating: "a", count: 40) + "!")) == [
                "$.v is \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!\", which could not be checked against "
                    + "/^(a|aa)+$/: the match gave up at its time limit"
            ])
        #expect(check(.minimum(1), 0) == ["$.v is 0, expected ≥ 1"])
        #expect(check(.maximum(1), 2) == ["$.v is 2, expected ≤ 1"])
        #expect(check(.length(2), ["a", "b"]) == [])
        #expect(check(.minLength(3), "ab") == ["$.v has length 2, expected at least 3"])
        #expect(check(.maxLength(1), ["a", "b"]) == ["$.v has length 2, expected at most 1"])
        #expect(check(.contains("ilk"), "milk") == [])
        #expect(check(.contains(["id": 2]), [["id": 1, "x": 0], ["id": 2, "x": 0]]) == [])
        #expect(check(.contains(["id": 3]), [["id": 1]]) == ["$.v has no element like {\"id\":3}"])
        #expect(check(.oneOf(["a", "b"]), "c") == ["$.v is \"c\", expected one of [\"a\",\"b\"]"])
        #expect(check(.each(.type("string")), ["a", 1]) == ["$.v[1] is an integer 1, expected string"])
        #expect(check(.not(.equals(1)), 1) == ["$.v is 1, which it should not be (not: equals 1)"])
        #expect(
            check(.path(try JSONPath("$.items[*].id"), .minimum(2)), ["items": [["id": 1], ["id": 2]]]) == [
                "$.v.items[0].id is 1, expected ≥ 2"
            ])
    }
}
