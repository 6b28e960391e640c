/// Path template helpers (`/pets/{petId}/photos/{name}.{ext}`).
public enum PathTemplate {
    /// The variable names in a template, in order.
    public static func variableNames(in template: String) -> [String] {
        var names: [String] = []
        var current: String? = nil
        for character in template {
            if character == "{" {
                current = ""
            } else if character == "}" {
                if let name = current, !name.isEmpty { names.append(name) }
                current = nil
            } else if current != nil {
                current!.append(character)
            }
        }
        return names
    }
}
