extension Double {
    /// A number read from text, or nil. Unlike `Double(String)`, which hands the text to the C library and so
    /// reads `"1\u{0}x"` as 1 (it stops at the NUL), text holding a NUL is not a number.
    public init?(text: some StringProtocol) {
        guard !text.utf8.contains(0) else { return nil }
        self.init(String(text))
    }
}
