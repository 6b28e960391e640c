/// Arithmetic that stops at the ends of `Int` instead of trapping: for numbers that come from outside (a
/// request's `limit`, `page` or `offset`), where `Int.max` is a value a client may well send.
extension Int {
    /// `self + other`, or `Int.max` / `Int.min` when the sum does not fit.
    public func saturatingAdding(_ other: Int) -> Int {
        let (sum, overflow) = addingReportingOverflow(other)
        guard overflow else { return sum }
        return other > 0 ? .max : .min
    }

    /// `self - other`, or `Int.max` / `Int.min` when the difference does not fit.
    public func saturatingSubtracting(_ other: Int) -> Int {
        let (difference, overflow) = subtractingReportingOverflow(other)
        guard overflow else { return difference }
        return other < 0 ? .max : .min
    }

    /// `self * other`, or `Int.max` / `Int.min` when the product does not fit.
    public func saturatingMultiplied(by other: Int) -> Int {
        let (product, overflow) = multipliedReportingOverflow(by: other)
        guard overflow else { return product }
        return (self < 0) == (other < 0) ? .max : .min
    }

    /// `self` limited to `range`.
    public func clamped(to range: ClosedRange<Int>) -> Int {
        Swift.min(Swift.max(self, range.lowerBound), range.upperBound)
    }
}
