import UnderstudySchema

/// The JSON Schema of suite files, as published in docs/suite.schema.json (a test keeps the two equal).
/// `understudy lint` checks suites against it before reading them.
public enum SuiteSchema {
    public static let schema = PublishedSchema(uri: "https://understudy.dev/schemas/suite.schema.json", text: text)

    /// The schema's text.
    public static let text = #"""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "$id": "https://understudy.dev/schemas/suite.schema.json",
          "title": "Understudy scenario suite",
          "description": "A suite names its contract, variables and credentials, and scenarios of steps. See docs/scenarios.md.",
          "type": "object",
          "required": ["suite", "contract", "scenarios"],
          "additionalProperties": false,
          "properties": {
            "suite": {"type": "string", "minLength": 1, "description": "The suite's name."},
            "description": {"type": "string"},
            "contract": {"type": "string", "minLength": 1, "description": "The OpenAPI document, relative to this file."},
            "baseURL": {"type": "string", "description": "Path prefix on the target; default: the contract's first server URL path."},
            "variables": {"type": "object", "description": "Values for templates, rendered once in order."},
            "credentials": {"type": "object", "additionalProperties": {"$ref": "#/$defs/credential"}},
            "auth": {"type": "string", "description": "The credential every step uses unless it names another, or none."},
            "tags": {"$ref": "#/$defs/tags"},
            "timeout": {"$ref": "#/$defs/duration", "description": "Per request."},
            "setup": {"$ref": "#/$defs/steps"},
            "scenarios": {"type": "array", "items": {"$ref": "#/$defs/scenario"}},
            "teardown": {"$ref": "#/$defs/steps"}
          },
          "$defs": {
            "tags": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
            "duration": {
              "oneOf": [
                {"type": "number", "exclusiveMinimum": 0},
                {"type": "string", "pattern": "^[0-9]+(\\.[0-9]+)?(ms|s|m|h)$"}
              ]
            },
            "credential": {
              "type": "object",
              "minProperties": 1,
              "maxProperties": 1,
              "additionalProperties": false,
              "properties": {
                "basic": {
                  "type": "object",
                  "required": ["username", "password"],
                  "additionalProperties": false,
                  "properties": {"username": {"type": "string"}, "password": {"type": "string"}}
                },
                "bearer": {"type": "string"},
                "apiKey": {
                  "type": "object",
                  "required": ["name", "value"],
                  "additionalProperties": false,
                  "properties": {
                    "name": {"type": "string"},
                    "in": {"enum": ["header", "query", "cookie"]},
                    "value": {"type": ["string", "number"]}
                  }
                },
                "headers": {"type": "object", "additionalProperties": {"type": "string"}}
              }
            },
            "scenario": {
              "type": "object",
              "required": ["name", "steps"],
              "additionalProperties": false,
              "properties": {
                "name": {"type": "string", "minLength": 1},
                "description": {"type": "string"},
                "tags": {"$ref": "#/$defs/tags"},
                "steps": {"$ref": "#/$defs/steps"}
              }
            },
            "steps": {"type": "array", "items": {"$ref": "#/$defs/step"}},
            "step": {
              "type": "object",
              "additionalProperties": false,
              "oneOf": [{"required": ["operation"]}, {"required": ["request"]}],
              "properties": {
                "name": {"type": "string"},
                "description": {"type": "string"},
                "operation": {"type": "string", "minLength": 1, "description": "An operationId of the contract."},
                "request": {
                  "type": "string",
                  "pattern": "^(GET|PUT|POST|DELETE|OPTIONS|HEAD|PATCH|TRACE|get|put|post|delete|options|head|patch|trace) /",
                  "description": "A method and a path: a contract template filled from path:, or a concrete path."
                },
                "path": {"type": "object", "description": "Path parameters by name."},
                "query": {"type": "object", "description": "Query parameters; a list repeats the parameter."},
                "headers": {"type": "object"},
                "auth": {"type": "string", "description": "A credential name, or none."},
                "json": {"description": "A JSON body."},
                "form": {"type": "object", "description": "An application/x-www-form-urlencoded body."},
                "multipart": {
                  "type": "object",
                  "description": "Parts by name: a value, or {file, filename, contentType} / {content, filename, contentType}."
                },
                "body": {"description": "A raw body (text)."},
                "contentType": {"type": "string", "description": "The Content-Type of a raw body."},
                "expect": {"$ref": "#/$defs/expect"},
                "capture": {
                  "type": "object",
                  "additionalProperties": {"type": "string", "pattern": "^(\\$|header:|status$)"},
                  "description": "Variable name to $.json.path, header:Name or status."
                },
                "forEach": {"type": "array", "items": {"type": "object"}, "description": "The step runs once per row."},
                "generate": {"type": "boolean", "description": "Generate required parameters and the body the step leaves out from the contract."},
                "repeat": {"oneOf": [{"type": "integer", "minimum": 1}, {"type": "string", "pattern": "\\{\\{"}], "description": "The step runs N times (iteration is 1..N)."},
                "poll": {
                  "type": "object",
                  "additionalProperties": false,
                  "properties": {"timeout": {"$ref": "#/$defs/duration"}, "interval": {"$ref": "#/$defs/duration"}}
                }
              }
            },
            "expect": {
              "type": "object",
              "additionalProperties": false,
              "properties": {
                "status": {
                  "oneOf": [
                    {"$ref": "#/$defs/status"},
                    {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/status"}}
                  ]
                },
                "headers": {"type": "object", "additionalProperties": {"$ref": "#/$defs/matcher"}},
                "body": {"description": "The whole JSON body, compared for equality."},
                "json": {
                  "type": "object",
                  "propertyNames": {"pattern": "^\\$"},
                  "additionalProperties": {"$ref": "#/$defs/matcher"}
                },
                "conforms": {"type": "boolean", "description": "The response keeps the contract for its status (default true)."}
              }
            },
            "status": {
              "oneOf": [
                {"type": "integer", "minimum": 100, "maximum": 599},
                {"type": "string", "pattern": "^([1-5][0-9][0-9]|[1-5]XX)$"}
              ]
            },
            "matcher": {
              "description": "A literal (equality), or a mapping of checks that must all hold.",
              "anyOf": [
                {"not": {"type": "object"}},
                {
                  "type": "object",
                  "propertyNames": {
                    "anyOf": [
                      {"enum": ["equals", "exists", "type", "matches", "min", "max", "length", "minLength", "maxLength", "contains", "in", "each", "not"]},
                      {"pattern": "^\\$"}
                    ]
                  },
                  "properties": {
                    "exists": {"type": "boolean"},
                    "type": {"enum": ["string", "number", "integer", "boolean", "array", "object", "null"]},
                    "matches": {"type": "string"},
                    "min": {"oneOf": [{"type": "number"}, {"type": "string", "pattern": "\\{\\{"}]},
                    "max": {"oneOf": [{"type": "number"}, {"type": "string", "pattern": "\\{\\{"}]},
                    "length": {"type": "integer", "minimum": 0},
                    "minLength": {"type": "integer", "minimum": 0},
                    "maxLength": {"type": "integer", "minimum": 0},
                    "in": {"type": "array"},
                    "each": {"$ref": "#/$defs/matcher"},
                    "not": {"$ref": "#/$defs/matcher"}
                  },
                  "additionalProperties": {"$ref": "#/$defs/matcher"}
                },
                {"type": "object", "description": "Any other mapping is a literal compared for equality."}
              ]
            }
          }
        }
        """#

    /// Every place `document` breaks the schema, with its location in the suite file.
    public static func validate(_ document: JSONValue) -> [(message: String, location: SourceLocation)] {
        schema.validate(document)
    }
}
