import UnderstudyContract
import UnderstudySchema

extension ScenarioResponse {
    /// The body as a value for expectations and captures: the items of a sequential body (JSON Lines, JSON
    /// Text Sequences, server-sent events: OpenAPI 3.2) as an array, else the JSON; nil when empty or unreadable.
    var value: JSONValue? {
        guard !body.isEmpty else { return nil }
        if let sequence = SequentialMedia(header("Content-Type").flatMap(MediaType.init)),
            case .success(let items) = sequence.decode(body)
        {
            return .array(JSONArray(items))
        }
        return try? JSONParser.parse(bytes: body)
    }
}
