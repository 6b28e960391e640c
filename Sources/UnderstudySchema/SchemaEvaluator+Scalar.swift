extension SchemaEvaluator {
    /// String keywords: `minLength`/`maxLength` (in Unicode code points), `pattern`, `format`.
    func validateString(_ frame: Frame, string: String, into outcome: inout Outcome) {
        let object = frame.object
        if let maximum = object["maxLength"]?.intValue {
            let length = string.unicodeScalars.count
            if length > maximum {
                outcome.errors.append(
                    frame.error("maxLength", "string is \(length) characters long, longer than \(maximum)"))
            }
        }
        if let minimum = object["minLength"]?.intValue {
            let length = string.unicodeScalars.count
            if length < minimum {
                outcome.errors.append(
                    frame.error("minLength", "string is \(length) characters long, shorter than \(minimum)"))
            }
        }
        if let pattern = object["pattern"]?.stringValue {
            if let regex = RegexCache.shared.regex(pattern) {
                switch regex.match(string) {
                case .match: break
                case .noMatch:
                    outcome.errors.append(
                        frame.error("pattern", "\(Self.preview(.string(string))) does not match pattern \"\(pattern)\"")
                    )
                case .timedOut:
                    outcome.errors.append(
                        frame.error(
                            "pattern",
                            "\(Self.preview(.string(string))) could not be checked against pattern \"\(pattern)\": "
                                + "the match gave up at its time limit (the pattern backtracks too much on this value)")
                    )
                }
            } else {
                outcome.errors.append(frame.error("pattern", "invalid regular expression \"\(pattern)\""))
            }
        }
        // Where a schema gives both a pattern and a format, the pattern is the more specific statement and
        // real specs contradict themselves this way (26-character ids with `format: uuid`): the format is then
        // an annotation.
        if options.formatAssertion, object["pattern"] == nil, let format = object["format"]?.stringValue,
            !FormatChecker.isValid(string, format: format)
        {
            outcome.errors.append(
                frame.error("format", "\(Self.preview(.string(string))) is not a valid \(format)"))
        }
    }

    /// Number keywords: `multipleOf`, `minimum`/`maximum` and their exclusive forms (boolean in draft 4 and
    /// OpenAPI 3.0, numeric in 2020-12), and the OpenAPI integer formats.
    func validateNumber(_ frame: Frame, number: JSONNumber, into outcome: inout Outcome) {
        let object = frame.object
        if let divisor = object["multipleOf"]?.numberValue, divisor.doubleValue > 0,
            !Self.isMultiple(number, of: divisor)
        {
            outcome.errors.append(frame.error("multipleOf", "\(number) is not a multiple of \(divisor)"))
        }
        let draft4 = frame.dialect.isDraft4Family
        if let maximum = object["maximum"]?.numberValue {
            let exclusive = draft4 && object["exclusiveMaximum"]?.boolValue == true
            let comparison = JSONNumber.compare(number, maximum)
            if comparison > 0 || (exclusive && comparison == 0) {
                outcome.errors.append(
                    frame.error(
                        "maximum", "\(number) is greater than \(exclusive ? "or equal to " : "")the maximum \(maximum)")
                )
            }
        }
        if let minimum = object["minimum"]?.numberValue {
            let exclusive = draft4 && object["exclusiveMinimum"]?.boolValue == true
            let comparison = JSONNumber.compare(number, minimum)
            if comparison < 0 || (exclusive && comparison == 0) {
                outcome.errors.append(
                    frame.error(
                        "minimum", "\(number) is less than \(exclusive ? "or equal to " : "")the minimum \(minimum)"))
            }
        }
        if !draft4 {
            if let maximum = object["exclusiveMaximum"]?.numberValue, JSONNumber.compare(number, maximum) >= 0 {
                outcome.errors.append(
                    frame.error("exclusiveMaximum", "\(number) is not less than the exclusive maximum \(maximum)"))
            }
            if let minimum = object["exclusiveMinimum"]?.numberValue, JSONNumber.compare(number, minimum) <= 0 {
                outcome.errors.append(
                    frame.error("exclusiveMinimum", "\(number) is not greater than the exclusive minimum \(minimum)"))
            }
        }
        if options.formatAssertion, let format = object["format"]?.stringValue,
            !FormatChecker.isValid(number: number, format: format)
        {
            outcome.errors.append(frame.error("format", "\(number) is out of range for format \(format)"))
        }
    }

    static func isMultiple(_ number: JSONNumber, of divisor: JSONNumber) -> Bool {
        if case .int(let value) = number, case .int(let step) = divisor { return value % step == 0 }
        let value = number.doubleValue
        let step = divisor.doubleValue
        let quotient = value / step
        if !quotient.isFinite {
            // Overflow: an integer is a multiple of any divisor whose reciprocal is an integer.
            let reciprocal = 1 / step
            return number.isInteger && reciprocal.rounded() == reciprocal
        }
        let rounded = quotient.rounded()
        return abs(quotient - rounded) <= 1e-9 * max(1, abs(rounded))
    }
}
