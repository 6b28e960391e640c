import UnderstudySchema

/// The JSON Schema of mock profiles, as published in docs/profile.schema.json (a test keeps the two
/// equal). `understudy lint` checks profiles against it before reading them.
public enum ProfileSchema {
    public static let schema = PublishedSchema(uri: "https://understudy.dev/schemas/profile.schema.json", text: text)

    /// The schema's text.
    public static let text = #"""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "$id": "https://understudy.dev/schemas/profile.schema.json",
          "title": "Understudy mock profile",
          "description": "What a mock knows about an API beyond its contract. See docs/profiles.md.",
          "type": "object",
          "additionalProperties": false,
          "properties": {
            "description": {"type": "string"},
            "contract": {"type": "string", "minLength": 1, "description": "The OpenAPI document, relative to this file; default openapi.yaml beside it."},
            "principals": {"type": "object", "additionalProperties": {"$ref": "#/$defs/principal"}},
            "permissions": {"type": "array", "items": {"$ref": "#/$defs/permissionRule"}},
            "errors": {
              "type": "object",
              "propertyNames": {"pattern": "^[45][0-9][0-9]$"},
              "description": "Error bodies by status; strings may hold {{ templates }}."
            },
            "rateLimits": {"type": "array", "items": {"$ref": "#/$defs/rateLimit"}},
            "latency": {"type": "array", "items": {"$ref": "#/$defs/latency"}},
            "faults": {"type": "array", "items": {"$ref": "#/$defs/fault"}},
            "clock": {
              "description": "The time the mock lives in: real, a fixed instant, or the real time shifted.",
              "oneOf": [
                {"const": "real"},
                {"type": "object", "required": ["fixed"], "additionalProperties": false, "properties": {"fixed": {"type": "string", "format": "date-time"}}},
                {
                  "type": "object",
                  "required": ["offset"],
                  "additionalProperties": false,
                  "properties": {"offset": {"oneOf": [{"type": "number"}, {"type": "string", "pattern": "^[+-]?[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$"}]}}
                }
              ]
            }
          },
          "$defs": {
            "principal": {
              "type": "object",
              "additionalProperties": false,
              "properties": {
                "description": {"type": "string"},
                "credentials": {
                  "type": "object",
                  "description": "Security scheme name to credential: API key, bearer token, or user:password for Basic.",
                  "additionalProperties": {"type": ["string", "integer"]}
                },
                "permissions": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}
              }
            },
            "selector": {
              "properties": {
                "operation": {"type": "string", "description": "An operationId, or * for all."},
                "tag": {"type": "string"},
                "path": {"type": "string", "description": "A path pattern: * is one segment, a trailing ** any rest."},
                "method": {"type": "string"}
              }
            },
            "permissionRule": {
              "type": "object",
              "required": ["needs"],
              "additionalProperties": false,
              "allOf": [{"$ref": "#/$defs/selector"}],
              "properties": {
                "operation": true,
                "tag": true,
                "path": true,
                "method": true,
                "needs": {"oneOf": [{"type": "string"}, {"type": "array", "minItems": 1, "items": {"type": "string"}}]}
              }
            },
            "duration": {
              "oneOf": [
                {"type": "number", "minimum": 0},
                {"type": "string", "pattern": "^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$"}
              ]
            },
            "latency": {
              "type": "object",
              "additionalProperties": false,
              "allOf": [{"$ref": "#/$defs/selector"}],
              "minProperties": 1,
              "properties": {
                "operation": true,
                "tag": true,
                "path": true,
                "method": true,
                "fixed": {"$ref": "#/$defs/duration"},
                "uniform": {"type": "array", "minItems": 2, "maxItems": 2, "items": {"$ref": "#/$defs/duration"}},
                "lognormal": {
                  "type": "object",
                  "required": ["median", "sigma"],
                  "additionalProperties": false,
                  "properties": {"median": {"$ref": "#/$defs/duration"}, "sigma": {"type": "number", "minimum": 0}}
                }
              }
            },
            "fault": {
              "type": "object",
              "additionalProperties": false,
              "allOf": [{"$ref": "#/$defs/selector"}],
              "properties": {
                "operation": true,
                "tag": true,
                "path": true,
                "method": true,
                "status": {"type": "integer", "minimum": 400, "maximum": 599},
                "kind": {"enum": ["close", "truncate"]},
                "rate": {"type": "number", "minimum": 0, "maximum": 1}
              }
            },
            "rateLimit": {
              "type": "object",
              "required": ["limit", "window"],
              "additionalProperties": false,
              "allOf": [{"$ref": "#/$defs/selector"}],
              "properties": {
                "operation": true,
                "tag": true,
                "path": true,
                "method": true,
                "limit": {"type": "integer", "minimum": 1},
                "window": {
                  "oneOf": [
                    {"type": "number", "exclusiveMinimum": 0},
                    {"type": "string", "pattern": "^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$"}
                  ]
                },
                "per": {"enum": ["principal", "global"]}
              }
            }
          }
        }
        """#
}
