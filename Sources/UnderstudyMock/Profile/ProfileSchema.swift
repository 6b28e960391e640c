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
            "resources": {"type": "object", "additionalProperties": {"$ref": "#/$defs/resource"}},
            "operations": {"type": "object", "description": "operationId to its rule.", "additionalProperties": {"$ref": "#/$defs/operation"}},
            "sessions": {"type": "array", "items": {"$ref": "#/$defs/session"}},
            "securitySchemes": {
              "type": "object",
              "description": "Schemes the API accepts beyond the contract's; each is one more alternative of every secured operation.",
              "additionalProperties": {
                "type": "object",
                "required": ["type"],
                "additionalProperties": false,
                "properties": {
                  "type": {"enum": ["apiKey", "http"]},
                  "in": {"enum": ["header", "query", "cookie"]},
                  "name": {"type": "string"},
                  "scheme": {"type": "string"},
                  "description": {"type": "string"}
                }
              }
            },
            "roles": {
              "type": "object",
              "description": "Role name to the permissions it grants; principals name roles under roles:.",
              "additionalProperties": {"$ref": "#/$defs/names"}
            },
            "cors": {
              "description": "Which browser origins may call the mock (when serve --cors is not given): off, any (the default), or a list of origins; * in an origin stands for any run of characters other than /.",
              "oneOf": [
                {"enum": ["off", "any"]},
                {"type": "array", "minItems": 1, "items": {"type": "string", "pattern": "^[A-Za-z][A-Za-z0-9+.-]*://[^/?#]+$"}}
              ]
            },
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
            "names": {"description": "A name or a list of names.", "oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
            "kind": {"enum": ["create", "list", "read", "update", "replace", "delete", "action", "download", "login", "logout", "custom"]},
            "principal": {
              "type": "object",
              "additionalProperties": false,
              "properties": {
                "description": {"type": "string"},
                "credentials": {
                  "type": "object",
                  "description": "Security scheme name to credential: API key, bearer token, or user:password for Basic; or {value, expires | ttl}.",
                  "additionalProperties": {
                    "oneOf": [
                      {"type": ["string", "integer"]},
                      {
                        "type": "object",
                        "required": ["value"],
                        "additionalProperties": false,
                        "properties": {
                          "value": {"type": ["string", "integer"]},
                          "expires": {"type": "string", "format": "date-time"},
                          "ttl": {"$ref": "#/$defs/duration"}
                        }
                      }
                    ]
                  }
                },
                "permissions": {"$ref": "#/$defs/names"},
                "roles": {"$ref": "#/$defs/names"},
                "tenant": {"type": "string", "description": "Whose data it sees (items of resources with owner: tenant)."},
                "attributes": {"type": "object", "description": "Values templates read as principal.NAME."},
                "login": {"type": "string", "pattern": ":", "description": "user:password a login operation accepts."}
              }
            },
            "template": {"type": "string", "description": "Text with {{ expression }} holes."},
            "condition": {"type": "string", "minLength": 1, "description": "An expression (with or without {{ }}) that is true or false."},
            "resource": {
              "type": "object",
              "additionalProperties": false,
              "properties": {
                "description": {"type": "string"},
                "path": {"type": "string", "description": "The item (or collection) path of an inferred collection."},
                "operations": {
                  "type": "object",
                  "additionalProperties": {"$ref": "#/$defs/kind"}
                },
                "id": {
                  "oneOf": [
                    {"type": "string"},
                    {
                      "type": "object",
                      "additionalProperties": false,
                      "properties": {"field": {"type": "string"}, "format": {"type": "string", "description": "sequence, uuid or a template."}}
                    }
                  ]
                },
                "owner": {"enum": ["tenant", "none"]},
                "putCreates": {"type": "boolean", "description": "Whether PUT on a missing item creates it (default: inferred)."},
                "scope": {"$ref": "#/$defs/names"},
                "unique": {"$ref": "#/$defs/names"},
                "defaults": {"type": "object"},
                "omit": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}], "description": "Request fields not kept on a created item."},
                "computed": {"type": "object", "description": "Fields rendered each time an item is shown, never stored."},
                "seed": {"type": "array", "items": {"type": "object"}},
                "lifecycle": {
                  "type": "object",
                  "required": ["field", "from", "to"],
                  "additionalProperties": false,
                  "properties": {
                    "field": {"type": "string"},
                    "from": true,
                    "to": true,
                    "after": {"$ref": "#/$defs/duration"},
                    "polls": {"type": "integer", "minimum": 1}
                  }
                }
              }
            },
            "operation": {
              "type": "object",
              "additionalProperties": false,
              "properties": {
                "description": {"type": "string"},
                "kind": {"$ref": "#/$defs/kind"},
                "resource": {"type": "string"},
                "keepWhen": {"$ref": "#/$defs/condition"},
                "guards": {
                  "type": "array",
                  "items": {
                    "type": "object",
                    "required": ["when", "status"],
                    "additionalProperties": false,
                    "properties": {
                      "when": {"$ref": "#/$defs/condition"},
                      "status": {"type": "integer", "minimum": 400, "maximum": 599},
                      "message": {"$ref": "#/$defs/template"},
                      "code": {"type": "string"}
                    }
                  }
                },
                "effects": {"type": "object"},
                "status": {"type": "integer", "minimum": 100, "maximum": 599},
                "body": true,
                "headers": {"type": "object", "additionalProperties": {"type": ["string", "number", "boolean"]}},
                "download": {
                  "type": "object",
                  "additionalProperties": false,
                  "properties": {
                    "by": {"$ref": "#/$defs/template"},
                    "variants": {"type": "object", "additionalProperties": {"$ref": "#/$defs/downloadVariant"}},
                    "default": {"type": "string"},
                    "filename": {"$ref": "#/$defs/template"},
                    "contentType": {"type": "string"},
                    "body": {"$ref": "#/$defs/template"},
                    "file": {"type": "string"}
                  }
                },
                "list": {
                  "type": "object",
                  "additionalProperties": false,
                  "properties": {
                    "limit": {
                      "type": "object",
                      "additionalProperties": false,
                      "properties": {
                        "param": {"type": "string"},
                        "default": {"type": "integer", "minimum": 0},
                        "max": {"type": "integer", "minimum": 1},
                        "overMax": {"enum": ["clamp", "error"]}
                      }
                    },
                    "filters": {
                      "type": "object",
                      "additionalProperties": {
                        "oneOf": [
                          {"type": "string"},
                          {
                            "type": "object",
                            "additionalProperties": false,
                            "properties": {"field": {"type": "string"}, "op": {"enum": ["eq", "ne", "gt", "gte", "lt", "lte", "in", "contains"]}}
                          }
                        ]
                      }
                    },
                    "only": {"$ref": "#/$defs/condition"},
                    "defaultFilter": {
                      "type": "object",
                      "required": ["where"],
                      "additionalProperties": false,
                      "properties": {"where": {"$ref": "#/$defs/condition"}, "unless": {"type": "array", "items": {"type": "string"}}}
                    },
                    "sort": {
                      "oneOf": [
                        {"type": "string"},
                        {
                          "type": "object",
                          "additionalProperties": false,
                          "properties": {"default": {"type": "string"}, "param": {"type": "string"}, "allowed": {"type": "array", "items": {"type": "string"}}}
                        }
                      ]
                    },
                    "across": {"oneOf": [{"const": "scopes"}, {"type": "boolean"}]}
                  }
                }
              }
            },
            "downloadVariant": {
              "type": "object",
              "required": ["contentType"],
              "additionalProperties": false,
              "properties": {"contentType": {"type": "string"}, "body": {"$ref": "#/$defs/template"}, "file": {"type": "string"}}
            },
            "session": {
              "type": "object",
              "required": ["operation", "scheme"],
              "additionalProperties": false,
              "properties": {
                "operation": {"type": "string"},
                "scheme": {"type": "string", "description": "The security scheme the issued credential satisfies."},
                "issues": {"enum": ["token", "jwt", "cookie"]},
                "ttl": {"$ref": "#/$defs/duration"},
                "username": {"$ref": "#/$defs/template"},
                "password": {"$ref": "#/$defs/template"}
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
              "unevaluatedProperties": false,
              "allOf": [{"$ref": "#/$defs/selector"}],
              "properties": {
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
              "unevaluatedProperties": false,
              "allOf": [{"$ref": "#/$defs/selector"}],
              "minProperties": 1,
              "properties": {
                "fixed": {"$ref": "#/$defs/duration"},
                "uniform": {"type": "array", "minItems": 2, "maxItems": 2, "items": {"$ref": "#/$defs/duration"}},
                "lognormal": {
                  "type": "object",
                  "required": ["median", "sigma"],
                  "unevaluatedProperties": false,
                  "properties": {"median": {"$ref": "#/$defs/duration"}, "sigma": {"type": "number", "minimum": 0}}
                }
              }
            },
            "fault": {
              "type": "object",
              "unevaluatedProperties": false,
              "allOf": [{"$ref": "#/$defs/selector"}],
              "properties": {
                "status": {"type": "integer", "minimum": 400, "maximum": 599},
                "kind": {"enum": ["close", "truncate"]},
                "rate": {"type": "number", "minimum": 0, "maximum": 1}
              }
            },
            "rateLimit": {
              "type": "object",
              "required": ["limit", "window"],
              "unevaluatedProperties": false,
              "allOf": [{"$ref": "#/$defs/selector"}],
              "properties": {
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
